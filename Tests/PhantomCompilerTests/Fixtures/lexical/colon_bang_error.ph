// §1: ':!' stops at a proper prefix of ':!=', a lexical error
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        var y : int;
        x = y :! 1; // expect error: lexical
    }
};

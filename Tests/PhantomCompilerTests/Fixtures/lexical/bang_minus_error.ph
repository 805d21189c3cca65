// §1: '!-' without '>' stops at a proper prefix of '!->', a lexical error
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 1 !- 2; // expect error: lexical
    }
};

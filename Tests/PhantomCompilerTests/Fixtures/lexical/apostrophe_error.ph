// §1: "'" is a fatal lexical error (there are no char literals)
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 'a'; // expect error: lexical
    }
};

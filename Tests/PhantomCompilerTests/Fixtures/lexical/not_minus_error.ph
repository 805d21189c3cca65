// §1: !-1 without a space lexes as the prefix !- of !->, a lexical error (write ! -1)
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = !-1; // expect error: lexical
    }
};

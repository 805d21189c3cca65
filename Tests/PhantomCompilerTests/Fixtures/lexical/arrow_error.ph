// §1: '->' without '!' stops at a proper prefix of '->!', a lexical error (Q20: x->y)
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        var y : int;
        x = y->z; // expect error: lexical
    }
};

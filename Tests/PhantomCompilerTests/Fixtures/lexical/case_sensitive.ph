// §1: identifiers are case-sensitive
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        var A : int;
        a = 1;
        A = 2;
        boot.16(a, A, "\n"); // expect: 12
    }
};

// §4: redeclaring a local is allowed; every use binds to the last declaration
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        a = 1;
        var a : int;
        a = a + 1;
        boot.16(a, "\n"); // expect: 2
    }
};

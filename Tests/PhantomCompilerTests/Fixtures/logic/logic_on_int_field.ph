// §6.1: object-stack operands of && || ! are unboxed when their static type is numeric
package .test;

class main {
    var a : int;
    var b : int;

    void run(var boot) [8] {
        a = 1;
        b = 0;
        boot.16(a && b, "\n"); // expect: 0
        boot.16(a || b, "\n"); // expect: 1
        boot.16(!b, "\n");     // expect: 1
    }
};

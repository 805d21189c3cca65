// §6.1: int fields (object stack) are unboxed in arithmetic
package .test;

class main {
    var f : int;
    var g : int;

    void run(var boot) [8] {
        f = 10;
        g = 3;
        boot.16(f / g, "\n");     // expect: 3
        boot.16(f % g, "\n");     // expect: 1
        boot.16(f - g * 2, "\n"); // expect: 4
        boot.16(f < g, "\n");     // expect: 0
    }
};

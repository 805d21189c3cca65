// §12.15: ~ is postfix and applies to the bitwise expression so far: a|b~ = ~(a|b)
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        var b : int;
        a = 12;
        b = 3;
        boot.16(a|b~, "\n");     // expect: -16
        boot.16(a~, "\n");       // expect: -13
        boot.16(5~, "\n");       // expect: -6
        boot.16(5~ & 7, "\n");   // expect: 2
        boot.16(1 | 2~ & 7, "\n"); // expect: 4
        boot.16(-1~, "\n");      // expect: 0
    }
};

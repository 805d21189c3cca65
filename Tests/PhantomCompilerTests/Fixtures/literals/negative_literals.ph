// §12.17 / §5: '-' directly before an integer literal makes a negative literal
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = -3;
        boot.16(x, "\n");      // expect: -3
        x = 5 * -2;
        boot.16(x, "\n");      // expect: -10
        x = -2147483648;
        boot.16(x, "\n");      // expect: -2147483648
        x = -0x10;
        boot.16(x, "\n");      // expect: -16
        x = -010;
        boot.16(x, "\n");      // expect: -8
        boot.16(-1, "\n");     // expect: -1
    }
};

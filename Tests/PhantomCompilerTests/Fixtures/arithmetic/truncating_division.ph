// §6.2: integer division truncates toward zero
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        a = -7;
        boot.16(a / 2, "\n");  // expect: -3
        boot.16(7 / -2, "\n"); // expect: -3
        boot.16(a / -2, "\n"); // expect: 3
        boot.16(1 / 3, "\n");  // expect: 0
        boot.16(a / 7, "\n");  // expect: -1
    }
};

// §6.2: % is the C remainder: its sign is the dividend's
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        a = -7;
        boot.16(a % 3, "\n");  // expect: -1
        boot.16(7 % -3, "\n"); // expect: 1
        boot.16(a % -3, "\n"); // expect: -1
        boot.16(7 % 3, "\n");  // expect: 1
        boot.16(6 % 3, "\n");  // expect: 0
    }
};

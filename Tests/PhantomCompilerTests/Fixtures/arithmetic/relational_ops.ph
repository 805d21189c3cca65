// §6.2: < > <= >= give int 0/1
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        a = 3;
        boot.16(a < 5, "\n");  // expect: 1
        boot.16(5 < a, "\n");  // expect: 0
        boot.16(a <= 3, "\n"); // expect: 1
        boot.16(4 >= 5, "\n"); // expect: 0
        boot.16(5 > 4, "\n");  // expect: 1
        boot.16(-1 < 0, "\n"); // expect: 1
        boot.16(a >= 3, "\n"); // expect: 1
    }
};

// §6.2: + - * / % on ints
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        var b : int;
        a = 7;
        b = 5;
        boot.16(a + b, "\n"); // expect: 12
        boot.16(a - b, "\n"); // expect: 2
        boot.16(b - a, "\n"); // expect: -2
        boot.16(a * b, "\n"); // expect: 35
        boot.16(a / b, "\n"); // expect: 1
        boot.16(a % b, "\n"); // expect: 2
    }
};

// §5.2: * / % bind tighter than + -, both levels associate left
package .test;

class main {
    void run(var boot) [8] {
        boot.16(2 + 3 * 4, "\n");   // expect: 14
        boot.16((2 + 3) * 4, "\n"); // expect: 20
        boot.16(7 - 2 * 3, "\n");   // expect: 1
        boot.16(10 - 3 - 2, "\n");  // expect: 5
        boot.16(100 / 10 / 5, "\n"); // expect: 2
        boot.16(2 * 3 % 4, "\n");   // expect: 2
        boot.16(1 + 1 == 2, "\n");  // expect: 1
    }
};

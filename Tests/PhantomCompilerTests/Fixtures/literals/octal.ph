// §12.1: a leading 0 makes a literal octal (010 = 8)
package .test;

class main {
    void run(var boot) [8] {
        boot.16(010, "\n");  // expect: 8
        boot.16(017, "\n");  // expect: 15
        boot.16(0777, "\n"); // expect: 511
        boot.16(0100, "\n"); // expect: 64
        boot.16(007, "\n");  // expect: 7
        boot.16(00, "\n");   // expect: 0
        boot.16(0, "\n");    // expect: 0
    }
};

// §1: hex digits may be upper or lower case after a lowercase 0x
package .test;

class main {
    void run(var boot) [8] {
        boot.16(0xff, "\n");  // expect: 255
        boot.16(0xAbC, "\n"); // expect: 2748
        boot.16(0x10, "\n");  // expect: 16
        boot.16(0x0, "\n");   // expect: 0
    }
};

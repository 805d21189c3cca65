// §12.1: hex literals are parsed as 64-bit then truncated to 32 bits (Q3)
package .test;

class main {
    void run(var boot) [8] {
        boot.16(0xFF000000, "\n");  // expect: -16777216
        boot.16(0xFFFFFFFF, "\n");  // expect: -1
        boot.16(0x80000000, "\n");  // expect: -2147483648
        boot.16(0x7FFFFFFF, "\n");  // expect: 2147483647
        boot.16(0x1FFFFFFFF, "\n"); // expect: -1
        boot.16(0x100000005, "\n"); // expect: 5
    }
};

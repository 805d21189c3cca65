// §12.1: decimal literals are parsed as 64-bit then truncated to 32 bits (Q3)
package .test;

class main {
    void run(var boot) [8] {
        boot.16(4294967297, "\n");  // expect: 1
        boot.16(4294967296, "\n");  // expect: 0
        boot.16(4294967295, "\n");  // expect: -1
        boot.16(2147483648, "\n");  // expect: -2147483648
        boot.16(2147483647, "\n");  // expect: 2147483647
        boot.16(10000000000, "\n"); // expect: 1410065408
    }
};

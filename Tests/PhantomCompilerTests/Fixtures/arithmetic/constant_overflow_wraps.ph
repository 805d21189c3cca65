// §6.2: wraparound also applies to expressions of literals only
package .test;

class main {
    void run(var boot) [8] {
        boot.16(2147483647 + 1, "\n"); // expect: -2147483648
        boot.16(65536 * 65536, "\n");  // expect: 0
        boot.16(-2147483648 - 1, "\n"); // expect: 2147483647
    }
};

// INTERNAL §3.1: toInt reads leading decimal digits, C atoi style
package .test;

class main {
    void run(var boot) [8] {
        boot.16(("123").toInt(), "\n");  // expect: 123
        boot.16(("-45").toInt(), "\n");  // expect: -45
        boot.16(("12ab").toInt(), "\n"); // expect: 12
        boot.16(("ab").toInt(), "\n");   // expect: 0
        boot.16(("  7").toInt(), "\n");  // expect: 7
        boot.16(("20").toInt() + 1, "\n"); // expect: 21
    }
};

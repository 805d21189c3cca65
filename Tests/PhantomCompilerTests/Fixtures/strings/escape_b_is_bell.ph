// §12.2: the escape \b is byte 7 (not backspace)
package .test;

class main {
    void run(var boot) [8] {
        boot.16(("\b").charAt(0), "\n"); // expect: 7
        boot.16(("\b").length(), "\n");  // expect: 1
    }
};

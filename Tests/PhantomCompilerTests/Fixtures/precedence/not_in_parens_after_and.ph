// §5.1: a parenthesised ! after && is fine
package .test;

class main {
    void run(var boot) [8] {
        boot.16(1 && (!0), "\n"); // expect: 1
        boot.16(1 && (!1), "\n"); // expect: 0
        boot.16(!!5, "\n");       // expect: 1
    }
};

// §8: a caught int can be used in arithmetic
package .test;

class main {
    void run(var boot) [8] {
        try {
            throw 20;
        } catch (int e) {
            boot.16(e + 1, "\n"); // expect: 21
        }
    }
};

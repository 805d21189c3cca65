// Regression: a catch variable of a numeric type was given an integer-stack slot, so the
// caught object was dropped and the variable read 0; it is an object local (§8).
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

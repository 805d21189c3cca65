// §8: return out of a try block is fine, and later throws are not caught by the old handler
package .test;

class main {
    int f() {
        try {
            return 1;
        } catch (string e) {
            return 2;
        }
    }

    void run(var boot) [8] {
        boot.16(f(), "\n"); // expect: 1
        try {
            throw "later";
        } catch (string e) {
            boot.16(e, "\n"); // expect: later
        }
        throw "uncaught";
    }
};
// expect runtime error: uncaught

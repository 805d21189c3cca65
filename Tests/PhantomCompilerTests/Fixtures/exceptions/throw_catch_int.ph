// §12.36: try { throw 5; } catch (int e) { } - numbers are thrown boxed
package .test;

class main {
    void run(var boot) [8] {
        try {
            throw 5;
        } catch (int e) {
            boot.16("caught ", e, "\n"); // expect: caught 5
        }
    }
};

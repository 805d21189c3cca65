// §12.23 / §2: u = 5 with an untyped target is an error
package .test;

class main {
    void t(var u) {
        u = 5; // expect error: cannot assign
    }

    void run(var boot) [8] {
    }
};

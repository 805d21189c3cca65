// §12.37: return; in an int method is accepted (the caller receives null)
package .test;

class main {
    int f() {
        return;
    }

    void run(var boot) [8] {
        f();
        boot.16(f() :== null, "\n"); // expect: 1
    }
};

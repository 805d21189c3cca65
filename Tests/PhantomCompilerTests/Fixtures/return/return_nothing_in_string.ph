// §3.3: return; in a non-void method gives the caller null
package .test;

class main {
    string f() {
        return;
    }

    void run(var boot) [8] {
        boot.16(f(), "\n"); // expect: (void)
    }
};

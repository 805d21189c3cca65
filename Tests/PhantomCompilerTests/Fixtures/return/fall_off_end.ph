// §3.3: a non-void method may fall off its end; the caller receives null
package .test;

class main {
    string f(var x : int) {
        if (x) return "set";
    }

    void run(var boot) [8] {
        boot.16(f(1), "\n"); // expect: set
        boot.16(f(0), "\n"); // expect: (void)
    }
};

// §4: return e; boxes numbers; no conversion to the declared return type happens
package .test;

class main {
    .internal.object f() {
        return 5;
    }

    void run(var boot) [8] {
        boot.16(f(), "\n"); // expect: 5
    }
};

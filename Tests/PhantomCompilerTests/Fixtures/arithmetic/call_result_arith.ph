// §7.3: int call results are unboxed for arithmetic
package .test;

class main {
    int three() {
        return 3;
    }

    void run(var boot) [8] {
        boot.16(three() * three() + 1, "\n"); // expect: 10
    }
};

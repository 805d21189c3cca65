// §12.23: u = "x" with an untyped target is fine
package .test;

class main {
    var boot;

    void t(var u) {
        u = "x";
        boot.16(u, "\n");
    }

    void run(var b) [8] {
        boot = b;
        t(null); // expect: x
    }
};

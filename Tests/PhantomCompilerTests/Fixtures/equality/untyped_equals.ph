// §2: untyped values can be compared with == (equals path) and :== (identity)
package .test;

class main {
    var boot;

    void t(var u) {
        boot.16(u == "x", "\n");
        boot.16(u :== null, "\n");
    }

    void run(var b) [8] {
        boot = b;
        t("x");
        // expect: 1
        // expect: 0
        t("y");
        // expect: 0
        // expect: 0
    }
};

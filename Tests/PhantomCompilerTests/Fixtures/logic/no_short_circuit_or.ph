// §12.19: || evaluates both operands, left first, even when the left is non-zero
package .test;

class main {
    var boot;

    int f(var v : int) {
        boot.16("f", v, "\n");
        return v;
    }

    void run(var b) [8] {
        var r : int;
        boot = b;
        r = f(1) || f(2);
        boot.16(r, "\n");
        // expect: f1
        // expect: f2
        // expect: 1
    }
};

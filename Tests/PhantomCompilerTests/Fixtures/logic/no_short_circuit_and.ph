// §12.19: && evaluates both operands, left first, even when the left is 0
package .test;

class main {
    var boot;

    int f(var v : int) {
        boot.16("f", v, "\n");
        return v;
    }

    void run(var b) [8] {
        boot = b;
        if (f(0) && f(1)) boot.16("true\n");
        else boot.16("false\n");
        // expect: f0
        // expect: f1
        // expect: false
    }
};

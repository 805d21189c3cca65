// §6.3: the call receiver is evaluated first, then the arguments in order; binary operands left to right
package .test;

class calc {
    int add(var a : int, var b : int) {
        return a + b;
    }
};

class main {
    var boot;

    calc mk(var tag : string) {
        boot.16(tag, "\n");
        return new calc();
    }

    int arg(var tag : string, var v : int) {
        boot.16(tag, "\n");
        return v;
    }

    void run(var b) [8] {
        boot = b;
        boot.16(mk("recv").add(arg("first", 1), arg("second", 2)), "\n");
        // expect: recv
        // expect: first
        // expect: second
        // expect: 3
        boot.16(arg("left", 10) - arg("right", 4), "\n");
        // expect: left
        // expect: right
        // expect: 6
    }
};

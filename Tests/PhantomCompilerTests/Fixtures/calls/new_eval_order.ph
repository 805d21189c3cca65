// §6.3: new allocates, then evaluates the arguments in order, then runs the constructor
package .test;

class pt {
    void pt(var boot, var a : int, var b : int) {
        boot.16("ctor ", a, b, "\n");
    }
};

class main {
    var boot;

    int arg(var v : int) {
        boot.16("arg ", v, "\n");
        return v;
    }

    void run(var b) [8] {
        boot = b;
        new pt(boot, arg(1), arg(2));
        // expect: arg 1
        // expect: arg 2
        // expect: ctor 12
    }
};

// Appendix A: the started object keeps the fields set before boot.18
package .test;

class worker {
    var n : int;

    void setN(var x : int) {
        n = x;
    }

    void run(var boot) [8] {
        boot.16("worker got ", n * 2, "\n");
    }
};

class main {
    void run(var boot) [8] {
        var w : worker;
        w = new worker();
        w.setN(21);
        boot.16("starting\n");
        boot.18(w);
    }
};
// expect: starting
// expect: worker got 42

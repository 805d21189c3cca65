// Appendix A: a thread works on objects shared with its starter
package .test;

class box {
    var v : string;

    void put(var s : string) {
        v = s;
    }

    string get() {
        return v;
    }
};

class worker {
    var b : box;

    void setBox(var x : box) {
        b = x;
    }

    void run(var boot) [8] {
        boot.16("worker sees ", b.get(), "\n");
    }
};

class main {
    void run(var boot) [8] {
        var b : box;
        var w : worker;
        b = new box();
        b.put("shared");
        w = new worker();
        w.setBox(b);
        boot.18(w);
    }
};
// expect: worker sees shared

// §12.34 / Q6: obj.16(x) on an untyped receiver compiles and calls slot 16 with no lookup
package .test;

class k {
    var v : int;

    void set(var x : int) [16] {
        v = x;
    }

    int get() [17] {
        return v;
    }
};

class main {
    var obj;

    void run(var boot) [8] {
        obj = new k();
        obj.16(7);
        boot.16(obj.17(), "\n"); // expect: 7
    }
};

// §3.1: a relative dotted reference resolves under the package
package .test;

class util.box {
    var v : int;

    void put(var x : int) {
        v = x;
    }

    int get() {
        return v;
    }
};

class main {
    void run(var boot) [8] {
        var b : util.box;
        b = new .test.util.box();
        b.put(21);
        boot.16(b.get() * 2, "\n"); // expect: 42
    }
};

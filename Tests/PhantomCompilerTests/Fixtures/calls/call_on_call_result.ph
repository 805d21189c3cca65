// §7.3 / Q15: a named call directly on a call result works
package .test;

class pt {
    var v : int;

    pt set(var x : int) {
        v = x;
        return this;
    }

    int get() {
        return v;
    }
};

class main {
    pt make() {
        return new pt();
    }

    void run(var boot) [8] {
        boot.16(make().set(4).get(), "\n"); // expect: 4
    }
};

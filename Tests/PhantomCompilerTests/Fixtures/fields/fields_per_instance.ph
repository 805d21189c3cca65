// §3.3: each instance has its own field slots
package .test;

class pt {
    var v : int;

    void set(var x : int) {
        v = x;
    }

    int get() {
        return v;
    }
};

class main {
    void run(var boot) [8] {
        var a : pt;
        var b : pt;
        a = new pt();
        b = new pt();
        a.set(1);
        b.set(2);
        boot.16(a.get(), b.get(), "\n"); // expect: 12
    }
};

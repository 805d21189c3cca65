// §7.6: arrays of user class instances; new T[]() with a user element type
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
        var pts : pt[];
        var i : int;
        var sum : int;
        pts = new pt[]();
        while (i < 3) {
            pts[i] = new pt();
            pts[i].set(i * 10);
            i = i + 1;
        }
        i = 0;
        while (i < 3) {
            sum = sum + pts[i].get();
            i = i + 1;
        }
        boot.16(sum, "\n"); // expect: 30
    }
};

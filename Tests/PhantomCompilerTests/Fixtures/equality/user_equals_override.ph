// Q11: == on objects calls left.equals(right) (ordinal 4); :== is identity
package .test;

class money {
    var cents : int;

    void set(var c : int) {
        cents = c;
    }

    int getCents() {
        return cents;
    }

    int equals(var o) [4] {
        var m : money;
        m = o;
        return cents == m.getCents();
    }
};

class main {
    void run(var boot) [8] {
        var a : money;
        var b : money;
        var c : money;
        a = new money();
        b = new money();
        c = new money();
        a.set(100);
        b.set(100);
        c.set(5);
        boot.16(a == b, "\n");  // expect: 1
        boot.16(a :== b, "\n"); // expect: 0
        boot.16(a == c, "\n");  // expect: 0
        if (a != c) boot.16("a != c\n"); // expect: a != c
    }
};

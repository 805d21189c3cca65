// §7.5: the constructor search for new includes the parents
package .test;

class base {
    var v : int;

    void base() {
        v = 0;
    }

    void base(var x : int) {
        v = x;
    }

    int get() {
        return v;
    }
};

class sub extends base {
};

class main {
    void run(var boot) [8] {
        var s : sub;
        s = new sub(6);
        boot.16(s.get(), "\n"); // expect: 6
    }
};

// §12.12: an override under extends takes the parent method's ordinal
package .test;

class base {
    string f() [20] {
        return "base";
    }
};

class sub extends base {
    string f() {
        return "sub";
    }
};

class main {
    void run(var boot) [8] {
        var s : sub;
        var b : base;
        s = new sub();
        b = new base();
        boot.16(s.20(), "\n"); // expect: sub
        boot.16(b.20(), "\n"); // expect: base
    }
};

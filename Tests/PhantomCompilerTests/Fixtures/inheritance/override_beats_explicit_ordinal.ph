// §3.4: an override's inherited ordinal beats its own [N]
package .test;

class base {
    string f() [20] {
        return "base";
    }
};

class sub extends base {
    string f() [30] {
        return "sub";
    }
};

class main {
    void run(var boot) [8] {
        var s : sub;
        s = new sub();
        boot.16(s.20(), "\n"); // expect: sub
        s.30(); // expect runtime error: no method 30
    }
};

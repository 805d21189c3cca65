// §3.5: a generated default constructor also calls the parent's no-argument constructor
package .test;

class base {
    var log : string;

    void base() {
        log = "base";
    }

    string getLog() {
        return log;
    }
};

class mid extends base {
};

class sub extends mid {
};

class main {
    void run(var boot) [8] {
        var s : sub;
        s = new sub();
        boot.16(s.getLog(), "\n"); // expect: base
    }
};

// §3.5: chaining always calls the parent's no-argument constructor, never one with arguments
package .test;

class base {
    var log : string;

    void base() {
        log = "base()";
    }

    void base(var a : int) {
        log = "base(a)";
    }

    string getLog() {
        return log;
    }
};

class sub extends base {
    void sub(var a : int) {
        log = log.concat(" sub(a)");
    }
};

class main {
    void run(var boot) [8] {
        var s : sub;
        s = new sub(5);
        boot.16(s.getLog(), "\n"); // expect: base() sub(a)
    }
};

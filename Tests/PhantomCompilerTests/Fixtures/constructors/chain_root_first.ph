// §12.10 / Q13: constructors chain root-first through a field-less middle class
package .test;

class gp {
    var log : string;

    void gp() {
        log = "g";
    }

    string getLog() {
        return log;
    }
};

class mid extends gp {
    void mid() {
        log = log.concat("m");
    }
};

class kid extends mid {
    void kid() {
        log = log.concat("k");
    }
};

class main {
    void run(var boot) [8] {
        var k : kid;
        k = new kid();
        boot.16(k.getLog(), "\n"); // expect: gmk
    }
};

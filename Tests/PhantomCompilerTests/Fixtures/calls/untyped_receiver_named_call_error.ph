// §12.34 / §7.1: a named call on an untyped receiver is an error (u.toString())
package .test;

class main {
    void t(var u) {
        var s : string;
        s = u.toString(); // expect error: type
    }

    void run(var boot) [8] {
    }
};

// §3.5 / §7.5: constructors differ by parameters; new picks one by §7.2
package .test;

class pt {
    var v : int;
    var s : string;

    void pt() {
        v = 1;
        s = "none";
    }

    void pt(var x : int) {
        v = x;
        s = "int";
    }

    void pt(var t : string) {
        v = 0;
        s = t;
    }

    string desc() {
        return s.concat(v.toString());
    }
};

class main {
    void run(var boot) [8] {
        boot.16((new pt()).desc(), "\n");    // expect: none1
        boot.16((new pt(7)).desc(), "\n");   // expect: int7
        boot.16((new pt("s")).desc(), "\n"); // expect: s0
    }
};

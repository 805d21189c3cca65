// §5.4 (recommended) / Q17: storing null needs no cast, into string, class and array targets
package .test;

class pt {
};

class main {
    var f : pt;

    void run(var boot) [8] {
        var s : string;
        var p : pt;
        var a : int[];
        s = null;
        p = null;
        a = null;
        f = new pt();
        f = null;
        boot.16(s, "\n");          // expect: (void)
        boot.16(p :== null, "\n"); // expect: 1
        boot.16(a :== null, "\n"); // expect: 1
        boot.16(f :== null, "\n"); // expect: 1
    }
};

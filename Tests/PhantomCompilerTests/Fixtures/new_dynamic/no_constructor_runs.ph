// §12.32 / Q7: new *(cls)() instantiates the class object and runs no constructor
package .test;

class pt {
    var tag : string;

    void pt() {
        tag = "ctor";
    }

    string getTag() {
        return tag;
    }
};

class main {
    var cls;

    void run(var boot) [8] {
        var p : pt;
        var q : pt;
        p = new pt();
        cls = p.2();
        q = new *(cls) : pt ();
        boot.16(p.getTag(), "\n"); // expect: ctor
        boot.16(q.getTag(), "\n"); // expect: (void)
        boot.16(q, "\n");          // expect: (.test.pt)
        boot.16(q :== p, "\n");    // expect: 0
    }
};

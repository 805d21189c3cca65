// §12.32 / §7.5: new *(cls)(f()) does not evaluate its arguments (f is never called)
package .test;

class pt {
};

class main {
    var boot;
    var cls;

    int f() {
        boot.16("f called\n");
        return 1;
    }

    void run(var b) [8] {
        var p : pt;
        boot = b;
        p = new pt();
        cls = p.2();
        p = new *(cls) : pt (f());
        boot.16("done\n"); // expect: done
    }
};

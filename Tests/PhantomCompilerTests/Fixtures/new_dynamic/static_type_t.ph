// §12.32: new *(cls) : T () has static type T, so named calls work on it
package .test;

class pt {
    var s : string;

    void put(var x : string) {
        s = x;
    }

    string get() {
        return s;
    }
};

class main {
    var cls;

    void run(var boot) [8] {
        var q : pt;
        cls = (new pt()).2();
        q = new *(cls) : pt ();
        q.put("typed");
        boot.16(q.get(), "\n");                    // expect: typed
        boot.16((new *(cls) : pt ()).get(), "\n"); // expect: (void)
    }
};

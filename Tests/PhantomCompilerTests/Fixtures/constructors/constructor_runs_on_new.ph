// §7.5: new T() runs the constructor
package .test;

class pt {
    var tag : string;

    void pt() {
        tag = "built";
    }

    string get() {
        return tag;
    }
};

class main {
    void run(var boot) [8] {
        var p : pt;
        p = new pt();
        boot.16(p.get(), "\n"); // expect: built
    }
};

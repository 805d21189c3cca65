// §7.4: class-typed locals live on the object stack and must be assigned before use
package .test;

class pt {
    int v() {
        return 2;
    }
};

class main {
    void run(var boot) [8] {
        var p : pt;
        var s : string;
        p = new pt();
        s = "two=";
        boot.16(s, p.v(), "\n"); // expect: two=2
    }
};

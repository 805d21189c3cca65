// §3.1: absolute class names need no package
class .test.pt {
    int v() {
        return 4;
    }
};

class .test.main {
    void run(var boot) [8] {
        var p : .test.pt;
        p = new .test.pt();
        boot.16(p.v(), "\n"); // expect: 4
        boot.16(p, "\n");     // expect: (.test.pt)
    }
};

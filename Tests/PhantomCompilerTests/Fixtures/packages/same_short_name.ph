// §3.1: two classes with the same last component in different packages are distinct
class .p1.k {
    string who() {
        return "p1";
    }
};

class .p2.k {
    string who() {
        return "p2";
    }
};

class .test.main {
    void run(var boot) [8] {
        var a : .p1.k;
        var b : .p2.k;
        a = new .p1.k();
        b = new .p2.k();
        boot.16(a.who(), b.who(), "\n"); // expect: p1p2
        boot.16(a, "\n");                // expect: (.p1.k)
        boot.16(b, "\n");                // expect: (.p2.k)
    }
};

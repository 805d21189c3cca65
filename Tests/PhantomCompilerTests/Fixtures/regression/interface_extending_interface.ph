// Regression: an interface that implements another was itself checked for the other's
// methods; only classes must define them (§3.6).
package .test;

interface a {
    int fa();
};

interface b implements a {
    int fb();
};

class c implements b {
    int fa() { return 1; }
    int fb() { return 2; }
};

class main {
    void run(var boot) [8] {
        var x : c;
        x = new c();
        boot.16(x.fa() + x.fb(), "\n"); // expect: 3
    }
};

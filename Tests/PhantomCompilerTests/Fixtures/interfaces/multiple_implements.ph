// §3.1: implements may repeat, one name per keyword
package .test;

interface a {
    int fa();
};

interface b {
    int fb();
};

class c implements a implements b {
    int fa() {
        return 1;
    }

    int fb() {
        return 2;
    }
};

class main {
    void run(var boot) [8] {
        var x : c;
        x = new c();
        boot.16(x.fa() + x.fb(), "\n"); // expect: 3
    }
};

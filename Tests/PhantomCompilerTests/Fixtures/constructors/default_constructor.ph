// §12.9 / §3.5: a class without a constructor gets an empty default one
package .test;

class k {
    int v() {
        return 3;
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.v(), "\n"); // expect: 3
    }
};

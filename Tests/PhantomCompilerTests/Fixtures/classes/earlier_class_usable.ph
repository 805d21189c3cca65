// §3.1: a class parsed earlier in the file is usable; several classes per file
package .test;

class a {
    int v() {
        return 1;
    }
};

class b {
    var x : a;

    void init() {
        x = new a();
    }

    int v() {
        return x.v() + 1;
    }
};

class main {
    void run(var boot) [8] {
        var y : b;
        y = new b();
        y.init();
        boot.16(y.v(), "\n"); // expect: 2
    }
};

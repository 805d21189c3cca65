// our VM: an ordinal call beyond a user class's method table throws "no method N in CLASS"
package .test;

class k {
    void f() {
    }
};

class main {
    var u;

    void run(var boot) [8] {
        u = new k();
        u.16();
        boot.16("f ok\n"); // expect: f ok
        u.60();
    }
};
// expect runtime error: no method 60

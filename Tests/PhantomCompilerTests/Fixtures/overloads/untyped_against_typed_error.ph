// §12.13: an untyped argument does not match a typed parameter
package .test;

class k {
    void f(var s : string) {
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        x.f(boot); // expect error: argument
    }
};

// §12.13: f(null) does not match f(var s : string)
package .test;

class k {
    void f(var s : string) {
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        x.f(null); // expect error: argument
    }
};

// §7.2: a string argument does not match an int parameter
package .test;

class k {
    void f(var a : int) {
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        x.f("s"); // expect error: argument
    }
};

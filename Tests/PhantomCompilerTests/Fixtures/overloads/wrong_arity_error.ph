// §7.2: a named call with the wrong number of arguments matches nothing
package .test;

class k {
    void f(var a : int) {
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        x.f(1, 2); // expect error: argument
    }
};

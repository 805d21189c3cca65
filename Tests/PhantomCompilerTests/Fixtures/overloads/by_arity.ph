// §3.3: overloads may differ by the number of parameters
package .test;

class k {
    string f() {
        return "zero";
    }

    string f(var a : int) {
        return "one";
    }

    string f(var a : int, var b : int) {
        return "two";
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.f(), "\n");     // expect: zero
        boot.16(x.f(1), "\n");    // expect: one
        boot.16(x.f(1, 2), "\n"); // expect: two
    }
};

// §3.4: a gap in the method table has no method (our VM throws "no method N in CLASS")
package .test;

class k {
    string far() [40] {
        return "far";
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.40(), "\n"); // expect: far
        x.30(); // expect runtime error: no method 30
    }
};

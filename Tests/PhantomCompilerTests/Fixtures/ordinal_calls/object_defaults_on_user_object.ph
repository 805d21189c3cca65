// Appendix A / our VM: ordinals 2, 4 and 5 on a user object reach the .internal.object defaults
package .test;

class k {
};

class main {
    void run(var boot) [8] {
        var a : k;
        var b : k;
        a = new k();
        b = new k();
        boot.16(a.5(), "\n");    // expect: (.test.k)
        boot.16(a.4(a), "\n");   // expect: 1
        boot.16(a.4(b), "\n");   // expect: 0
        boot.16(a.2(), "\n");    // expect: class
    }
};

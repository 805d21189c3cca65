// Appendix A: a method with [4] replaces equals, which == calls (Q11)
package .test;

class k {
    int equals(var o) [4] {
        return 1;
    }
};

class main {
    void run(var boot) [8] {
        var a : k;
        var b : k;
        a = new k();
        b = new k();
        boot.16(a == b, "\n");  // expect: 1
        boot.16(a :== b, "\n"); // expect: 0
    }
};

// §3.4 / Appendix A: toString() [5] takes slot 5
package .test;

class k {
    string toString() [5] {
        return "mine";
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.5(), "\n");        // expect: mine
        boot.16(x.toString(), "\n"); // expect: mine
    }
};

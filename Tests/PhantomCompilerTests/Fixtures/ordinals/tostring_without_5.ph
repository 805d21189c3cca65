// §12.11: without extends, toString() without [5] gets a fresh ordinal and does not take slot 5
package .test;

class k {
    string toString() {
        return "mine";
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.toString(), "\n"); // expect: mine
        boot.16(x.16(), "\n");       // expect: mine
        boot.16(x.5(), "\n");        // expect: (.test.k)
    }
};

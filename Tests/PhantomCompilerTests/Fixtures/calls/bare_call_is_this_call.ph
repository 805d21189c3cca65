// §7.1: a bare name(args) means this.name(args)
package .test;

class main {
    var boot;
    var n : int;

    void bump() {
        n = n + 1;
    }

    void run(var b) [8] {
        boot = b;
        n = 0;
        bump();
        this.bump();
        boot.16(n, "\n"); // expect: 2
    }
};

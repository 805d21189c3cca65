// §12.37 / §3.3: return 5; in a void method is accepted
package .test;

class main {
    var boot;
    var hits : int;

    void f() {
        hits = hits + 1;
        return 5;
    }

    void run(var b) [8] {
        boot = b;
        hits = 0;
        f();
        boot.16(hits, "\n"); // expect: 1
    }
};

// §12.27: locals are hoisted: q = 1; var q : int; compiles
package .test;

class main {
    void run(var boot) [8] {
        q = 41;
        q = q + 1;
        boot.16(q, "\n"); // expect: 42
        var q : int;
    }
};

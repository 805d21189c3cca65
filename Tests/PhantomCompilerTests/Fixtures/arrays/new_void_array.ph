// §12.33 / Q10: new void[]() creates an untyped array; the corpus uses void[] for mixed contents
package .test;

class main {
    void run(var boot) [8] {
        var v : void[];
        v = new void[]();
        v[0] = "x";
        v[1] = new int[]();
        boot.16(v.12(), "\n"); // expect: 2
        boot.16(v[0], "\n");   // expect: x
        boot.16(v[1], "\n");   // expect: array
    }
};

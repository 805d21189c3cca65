// §12.20: intField == 3 (equals path) gives 1
package .test;

class main {
    var f : int;

    void run(var boot) [8] {
        f = 3;
        boot.16(f == 3, "\n"); // expect: 1
        boot.16(f == 4, "\n"); // expect: 0
        boot.16(3 == f, "\n"); // expect: 1
    }
};

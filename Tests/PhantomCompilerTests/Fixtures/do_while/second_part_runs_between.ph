// §4: do A while (C) B runs A, tests C, runs B, and repeats
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        do {
            i = i + 1;
            boot.16("A", i, "\n");
        } while (i < 3) {
            boot.16("B", i, "\n");
        }
        // expect: A1
        // expect: B1
        // expect: A2
        // expect: B2
        // expect: A3
    }
};

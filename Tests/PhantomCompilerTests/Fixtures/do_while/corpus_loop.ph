// §12.28 / Q1: do { j = j + 1; } while (i) i = i - 1; with i = 3 gives j = 4
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        var j : int;
        i = 3;
        j = 0;
        do { j = j + 1; } while (i) i = i - 1;
        boot.16(j, "\n"); // expect: 4
        boot.16(i, "\n"); // expect: 0
    }
};

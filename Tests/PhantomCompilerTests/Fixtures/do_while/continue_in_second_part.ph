// §4: continue in the second part of a do loop also jumps to the first part (not to the test)
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        var n : int;
        var m : int;
        do {
            i = i + 1;
        } while (i < 4) {
            n = n + 1;
            if (n == 2) continue;
            m = m + 1;
        }
        boot.16(i, n, m, "\n"); // expect: 432
    }
};

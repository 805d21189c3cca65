// §4: break leaves the innermost loop only
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        var j : int;
        var n : int;
        while (i < 3) {
            i = i + 1;
            j = 0;
            while (1) {
                j = j + 1;
                if (j == 2) break;
            }
            n = n + j;
        }
        boot.16(n, "\n"); // expect: 6
    }
};

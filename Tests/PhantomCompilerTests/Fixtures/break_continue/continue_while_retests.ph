// §4: continue in a while re-tests the condition
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        var n : int;
        while (i < 5) {
            i = i + 1;
            if (i == 2) continue;
            n = n + 1;
        }
        boot.16(i, n, "\n"); // expect: 54
    }
};

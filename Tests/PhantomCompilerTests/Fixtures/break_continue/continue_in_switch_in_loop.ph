// §4 / Q19: continue inside a switch continues the enclosing loop (the original leaked an int)
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        var n : int;
        while (i < 4) {
            i = i + 1;
            switch (i) {
            case 2: continue;
            default: break;
            }
            n = n + 1;
        }
        boot.16(i, n, "\n"); // expect: 43
    }
};

// §4 / Q19: with no match and no default nothing runs and execution continues after the switch (the original's jump to the loop exit is a bug)
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        var n : int;
        while (i < 3) {
            i = i + 1;
            switch (i) {
            case 2: n = n + 10; break;
            }
            n = n + 1;
        }
        boot.16(n, "\n"); // expect: 13
    }
};

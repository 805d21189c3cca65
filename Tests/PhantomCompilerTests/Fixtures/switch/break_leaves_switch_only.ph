// §4: break inside a switch leaves the switch, not the enclosing loop
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        var n : int;
        while (i < 3) {
            i = i + 1;
            switch (i) {
            case 2: break;
            default: n = n + 10; break;
            }
            n = n + 1;
        }
        boot.16(n, "\n"); // expect: 23
    }
};

// §4: break leaves a while (1) loop
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        while (1) {
            if (i == 5) break;
            i = i + 1;
        }
        boot.16(i, "\n"); // expect: 5
    }
};

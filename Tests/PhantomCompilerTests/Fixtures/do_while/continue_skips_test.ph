// §12.28: continue in a do loop jumps back to the first part, skipping the test
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        do {
            i = i + 1;
            if (i < 4) continue;
        } while (0);
        boot.16(i, "\n"); // expect: 4
    }
};

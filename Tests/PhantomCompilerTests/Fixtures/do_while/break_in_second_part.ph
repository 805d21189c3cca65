// §4: break leaves a do loop from its second part
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        do {
            i = i + 1;
        } while (1) {
            if (i > 2) break;
        }
        boot.16(i, "\n"); // expect: 3
    }
};

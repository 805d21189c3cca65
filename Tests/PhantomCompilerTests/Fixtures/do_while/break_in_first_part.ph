// §4: break leaves a do loop from its first part
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        do {
            if (i == 3) break;
            i = i + 1;
        } while (1);
        boot.16(i, "\n"); // expect: 3
    }
};

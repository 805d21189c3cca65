// §12.28: do S while (c); is the C-style loop
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        do {
            i = i + 1;
        } while (i < 5);
        boot.16(i, "\n"); // expect: 5
    }
};

// §12.17: x - -1 and x = -3 are legal ('-' directly before a literal)
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 5;
        boot.16(x - -1, "\n");  // expect: 6
        x = -3;
        boot.16(x, "\n");       // expect: -3
        boot.16(x * -1, "\n");  // expect: 3
        boot.16(10 - -10, "\n"); // expect: 20
    }
};

// §5.2: comparisons associate left and give 0/1: 3 > 2 > 1 = (3 > 2) > 1 = 0
package .test;

class main {
    void run(var boot) [8] {
        boot.16(1 < 2 < 3, "\n");   // expect: 1
        boot.16(3 > 2 > 1, "\n");   // expect: 0
        boot.16(2 == 2 == 2, "\n"); // expect: 0
        boot.16(1 == 1 == 1, "\n"); // expect: 1
    }
};

// §5.2: | and & share one level and associate left
package .test;

class main {
    void run(var boot) [8] {
        boot.16(6 | 3 & 5, "\n");   // expect: 5
        boot.16(6 & 3 | 8, "\n");   // expect: 10
        boot.16(12 & 10 | 1, "\n"); // expect: 9
    }
};

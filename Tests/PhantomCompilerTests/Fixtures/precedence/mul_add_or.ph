// §12.15: | binds tighter than * : 1+2*3|4 = 1+(2*(3|4)) = 15
package .test;

class main {
    void run(var boot) [8] {
        boot.16(1+2*3|4, "\n");   // expect: 15
        boot.16(2*3|4, "\n");     // expect: 14
        boot.16((1+2*3)|4, "\n"); // expect: 7
    }
};

// §12.30: a break after a loop has ended is outside it
package .test;

class main {
    void run(var boot) [8] {
        while (0) {
            break;
        }
        break; // expect error: outside
    }
};

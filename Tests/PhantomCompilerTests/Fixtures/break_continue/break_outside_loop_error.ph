// §12.30: break outside a loop (or switch) is an error
package .test;

class main {
    void run(var boot) [8] {
        boot.16("x\n");
        break; // expect error: outside
    }
};

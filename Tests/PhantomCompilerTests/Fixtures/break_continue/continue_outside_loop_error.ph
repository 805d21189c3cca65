// §12.30: continue outside a loop is an error
package .test;

class main {
    void run(var boot) [8] {
        boot.16("x\n");
        continue; // expect error: outside
    }
};

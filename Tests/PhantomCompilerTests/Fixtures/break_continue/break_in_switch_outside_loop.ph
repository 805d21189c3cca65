// §4: break in a switch that is not in a loop is fine; it leaves the switch
package .test;

class main {
    void run(var boot) [8] {
        switch (1) {
        case 1: boot.16("one\n"); break; // expect: one
        }
        boot.16("after\n"); // expect: after
    }
};

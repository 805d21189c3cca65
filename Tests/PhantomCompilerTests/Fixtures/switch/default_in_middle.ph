// §12.29: default may stand in the middle; it runs only when no case matches
package .test;

class main {
    var boot;

    void t(var x : int) {
        switch (x) {
        case 1: boot.16("one\n"); break;
        default: boot.16("default\n"); break;
        case 3: boot.16("three\n"); break;
        }
    }

    void run(var b) [8] {
        boot = b;
        t(3); // expect: three
        t(9); // expect: default
        t(1); // expect: one
    }
};

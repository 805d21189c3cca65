// §4: the switch expression may be a call result
package .test;

class main {
    int two() {
        return 2;
    }

    void run(var boot) [8] {
        switch (two() + 1) {
        case 3: boot.16("three\n"); break; // expect: three
        default: boot.16("other\n"); break;
        }
    }
};

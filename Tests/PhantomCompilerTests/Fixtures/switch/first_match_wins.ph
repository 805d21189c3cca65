// §4: with equal case values, the first match in source order wins
package .test;

class main {
    void run(var boot) [8] {
        switch (1) {
        case 1: boot.16("first\n"); break; // expect: first
        case 1: boot.16("second\n"); break;
        }
    }
};

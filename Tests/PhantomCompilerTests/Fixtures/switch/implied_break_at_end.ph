// §4: a break is implied at the end of the switch body
package .test;

class main {
    void run(var boot) [8] {
        switch (2) {
        case 1: boot.16("one\n"); break;
        case 2: boot.16("two\n"); // expect: two
        }
        boot.16("after\n"); // expect: after
    }
};

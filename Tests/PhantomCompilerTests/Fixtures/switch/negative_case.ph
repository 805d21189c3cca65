// §4: a case label may be a negative literal
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 0 - 1;
        switch (x) {
        case -1: boot.16("minus one\n"); break; // expect: minus one
        case 1: boot.16("one\n"); break;
        }
    }
};

// Q4: the switch expression is unboxed without a check (here an int field)
package .test;

class main {
    var mode : int;

    void run(var boot) [8] {
        mode = 3;
        switch (mode) {
        case 3: boot.16("mode 3\n"); break; // expect: mode 3
        default: boot.16("other\n"); break;
        }
    }
};

// §12.29: case N : { ... break; } - a break inside a block leaves the switch
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 2;
        switch (x) {
        case 1: {
            boot.16("one\n");
            break;
        }
        case 2: {
            boot.16("two\n"); // expect: two
            break;
        }
        default: {
            boot.16("default\n");
            break;
        }
        }
        boot.16("after\n"); // expect: after
    }
};

// §4: switch with int cases, break and default
package .test;

class main {
    var boot;

    void name(var x : int) {
        switch (x) {
        case 1:
            boot.16("one\n");
            break;
        case 2:
            boot.16("two\n");
            break;
        default:
            boot.16("other\n");
            break;
        }
    }

    void run(var b) [8] {
        boot = b;
        name(1); // expect: one
        name(2); // expect: two
        name(7); // expect: other
    }
};

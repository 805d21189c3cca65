// §4: a case may end with return
package .test;

class main {
    string name(var x : int) {
        switch (x) {
        case 0: return "zero";
        case 1: return "one";
        default: return "many";
        }
    }

    void run(var boot) [8] {
        boot.16(name(0), name(1), name(5), "\n"); // expect: zeroonemany
    }
};

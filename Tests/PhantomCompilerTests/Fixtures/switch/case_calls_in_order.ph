// §4: case expressions are evaluated and tested in source order until one matches
package .test;

class main {
    var boot;

    int c(var v : int) {
        boot.16("c", v, "\n");
        return v;
    }

    void run(var b) [8] {
        boot = b;
        switch (2) {
        case c(1): boot.16("one\n"); break;
        case c(2): boot.16("two\n"); break;
        }
        // expect: c1
        // expect: c2
        // expect: two
    }
};

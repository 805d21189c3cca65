// §12.22: o < o on objects is a compile error
package .test;

class main {
    void t(var o : .internal.object) {
        if (o < o) { } // expect error: type
    }

    void run(var boot) [8] {
    }
};

// §8: a handler may throw again; an outer handler catches it
package .test;

class main {
    void run(var boot) [8] {
        try {
            try {
                throw "a";
            } catch (string e) {
                throw e.concat("b");
            }
        } catch (string e2) {
            boot.16(e2, "\n"); // expect: ab
        }
    }
};

// §4: a case may end with throw
package .test;

class main {
    void run(var boot) [8] {
        try {
            switch (2) {
            case 1: break;
            case 2: throw "case two";
            default: break;
            }
        } catch (string e) {
            boot.16(e, "\n"); // expect: case two
        }
    }
};

// §1: "" is a valid, empty string
package .test;

class main {
    void run(var boot) [8] {
        boot.16(("").length(), "\n"); // expect: 0
        boot.16("[", "", "]\n");       // expect: []
    }
};

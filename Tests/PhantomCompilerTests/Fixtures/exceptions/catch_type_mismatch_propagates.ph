// §8: an exception whose class does not match the catch type propagates
package .test;

class main {
    void run(var boot) [8] {
        try {
            throw "oops";
        } catch (int e) {
            boot.16("wrong\n");
        }
        boot.16("not reached\n");
    }
};
// expect runtime error: oops

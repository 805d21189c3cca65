// §8: an uncaught exception ends the thread; output printed before it stays
package .test;

class main {
    void run(var boot) [8] {
        boot.16("before\n"); // expect: before
        throw "fatal problem";
    }
};
// expect runtime error: fatal problem

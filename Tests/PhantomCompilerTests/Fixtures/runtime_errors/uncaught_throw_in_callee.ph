// §8: an exception thrown in a callee and never caught ends the thread
package .test;

class main {
    void fail(var why : string) {
        throw why.concat(" failed");
    }

    void run(var boot) [8] {
        boot.16("one\n"); // expect: one
        fail("step two");
    }
};
// expect runtime error: step two failed

// §8: an uncaught exception ends only its own thread
package .test;

class worker {
    void run(var boot) [8] {
        throw "worker failed";
    }
};

class main {
    void run(var boot) [8] {
        boot.16("main\n");
        boot.18(new worker());
    }
};
// expect: main
// expect runtime error: worker failed

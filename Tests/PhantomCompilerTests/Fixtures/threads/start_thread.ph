// Appendix A: boot.18(o) starts a thread that runs o.8(boot object)
package .test;

class worker {
    void run(var boot) [8] {
        boot.16("worker\n");
    }
};

class main {
    void run(var boot) [8] {
        boot.16("main\n");
        boot.18(new worker());
    }
};
// expect: main
// expect: worker

// Appendix A: a started thread can start another thread
package .test;

class second {
    void run(var boot) [8] {
        boot.16("second\n");
    }
};

class first {
    void run(var boot) [8] {
        boot.16("first\n");
        boot.18(new second());
    }
};

class main {
    void run(var boot) [8] {
        boot.16("main\n");
        boot.18(new first());
    }
};
// expect: main
// expect: first
// expect: second

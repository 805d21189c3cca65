// Appendix A / our VM: boot.16 prints each argument in source order; any number of arguments
package .test;

class main {
    void run(var boot) [8] {
        boot.16("a", "b", "c", "\n"); // expect: abc
        boot.16();
        boot.16(1, "-", 2, "\n");     // expect: 1-2
        boot.16("x");
        boot.16("y\n");               // expect: xy
    }
};

// INTERNAL §4 / our VM: boot.21(ms) sleeps and returns
package .test;

class main {
    void run(var boot) [8] {
        boot.16("before\n"); // expect: before
        boot.21(1);
        boot.16("after\n");  // expect: after
    }
};

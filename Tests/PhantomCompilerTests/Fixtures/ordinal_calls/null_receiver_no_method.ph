// §6.4 / our VM: an ordinal call >= 16 on null throws "no method"
package .test;

class main {
    var u;

    void run(var boot) [8] {
        boot.16("start\n"); // expect: start
        u.16();
    }
};
// expect runtime error: no method

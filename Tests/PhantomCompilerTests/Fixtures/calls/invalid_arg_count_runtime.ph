// §7.1 / our VM: calling a method with the wrong argument count throws "invalid arg count"
package .test;

class k {
    void set(var x : int) [16] {
    }
};

class main {
    var u;

    void run(var boot) [8] {
        u = new k();
        u.16(1);
        boot.16("one arg ok\n"); // expect: one arg ok
        u.16(1, 2);
    }
};
// expect runtime error: invalid arg count

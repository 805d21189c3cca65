// §6.4 / our VM: without an equals, == on user objects is identity (the default equals)
package .test;

class k {
};

class main {
    void run(var boot) [8] {
        var a : k;
        var b : k;
        a = new k();
        b = new k();
        boot.16(a == b, "\n"); // expect: 0
        boot.16(a == a, "\n"); // expect: 1
    }
};

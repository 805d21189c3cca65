// §7.6: a[i] reads (ordinal 10) and a[i] = v writes (ordinal 11)
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        a = new int[]();
        a[0] = 10;
        a[1] = 20;
        a[2] = 30;
        boot.16(a[0], a[1], a[2], "\n"); // expect: 102030
        a[1] = 5;
        boot.16(a[1], "\n");             // expect: 5
    }
};

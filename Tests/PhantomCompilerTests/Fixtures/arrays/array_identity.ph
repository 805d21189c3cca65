// §7.6: arrays are objects; two variables may share one array
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        var b : int[];
        a = new int[]();
        b = a;
        b[0] = 99;
        boot.16(a[0], "\n");   // expect: 99
        boot.16(a :== b, "\n"); // expect: 1
    }
};

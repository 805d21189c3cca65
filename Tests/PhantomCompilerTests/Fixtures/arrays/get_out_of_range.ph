// §7.6: get past the end throws (our VM: "array get - index is out of bounds")
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        var x : int;
        a = new int[]();
        a[0] = 1;
        a[1] = 2;
        a[2] = 3;
        x = a[2];
        boot.16(x, "\n"); // expect: 3
        x = a[3];
    }
};
// expect runtime error: array get - index is out of bounds

// §2: numbers stored in arrays are boxed and unboxed on the way out
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        var i : int;
        a = new int[]();
        i = 20;
        a[0] = i + 1;
        a[1] = a[0] * 2;
        boot.16(a[1], "\n");        // expect: 42
        boot.16(a[0] + a[1], "\n"); // expect: 63
    }
};

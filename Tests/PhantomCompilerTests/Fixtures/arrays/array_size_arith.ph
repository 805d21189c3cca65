// §7.6 / §12.34: the size is only available as the untyped ordinal call a.12(); cast it for arithmetic
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        var n : int;
        a = new int[]();
        a[9] = 1;
        n = (int) a.12();
        boot.16(n * 2, "\n"); // expect: 20
    }
};

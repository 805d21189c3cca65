// §12.34 / §5.3: (int) obj.12() makes the untyped ordinal result usable in arithmetic
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        var n : int;
        a = new int[]();
        a[0] = 1;
        a[1] = 2;
        a[2] = 3;
        n = (int) a.12();
        boot.16(n + 1, "\n");                 // expect: 4
        boot.16(((int) a.12()) * 10, "\n");   // expect: 30
    }
};

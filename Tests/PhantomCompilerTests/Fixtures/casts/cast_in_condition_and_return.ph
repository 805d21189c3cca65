// §5.3: casts may start any Expr: conditions and return values
package .test;

class main {
    int size(var a) {
        return (int) a.12();
    }

    void run(var boot) [8] {
        var a : int[];
        a = new int[]();
        a[4] = 1;
        if ((int) a.12()) boot.16("non-empty\n"); // expect: non-empty
        boot.16(size(a) + 1, "\n");               // expect: 6
    }
};

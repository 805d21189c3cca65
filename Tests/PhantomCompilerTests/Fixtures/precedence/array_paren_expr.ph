// §12.40: x = (a[i] + 1) * 2; parses (a fix over the original, Q17)
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        var i : int;
        var x : int;
        a = new int[]();
        a[0] = 4;
        i = 0;
        x = (a[i] + 1) * 2;
        boot.16(x, "\n");          // expect: 10
        x = (a[i]) * 3;
        boot.16(x, "\n");          // expect: 12
        boot.16((a[0] - 1) * (a[i] + 1), "\n"); // expect: 15
    }
};

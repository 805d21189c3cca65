// §12.36: catch (string e) catches an out-of-range array index
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        var x : int;
        a = new int[]();
        a[0] = 1;
        try {
            x = a[5];
        } catch (string e) {
            boot.16(e, "\n"); // expect: array get - index is out of bounds
        }
    }
};

// §12.31 / §6.3: a[i] = v evaluates a, then v, then i
package .test;

class main {
    var boot;
    var arr : int[];

    int[] getA() {
        boot.16("a\n");
        return arr;
    }

    int idx() {
        boot.16("i\n");
        return 1;
    }

    int val() {
        boot.16("v\n");
        return 8;
    }

    void run(var b) [8] {
        boot = b;
        arr = new int[]();
        getA()[idx()] = val();
        // expect: a
        // expect: v
        // expect: i
        boot.16(arr[1], "\n"); // expect: 8
    }
};

// §12.31 / §6.3: a[i] = v evaluates v before i
package .test;

class main {
    var boot;

    int idx() {
        boot.16("i\n");
        return 0;
    }

    int val() {
        boot.16("v\n");
        return 7;
    }

    void run(var b) [8] {
        var a : int[];
        boot = b;
        a = new int[]();
        a[idx()] = val();
        // expect: v
        // expect: i
        boot.16(a[0], "\n"); // expect: 7
    }
};

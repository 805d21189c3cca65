// §4: return leaves the method from inside a loop
package .test;

class main {
    int firstOver(var limit : int) {
        var i : int;
        while (1) {
            i = i + 7;
            if (i > limit) return i;
        }
        return 0;
    }

    void run(var boot) [8] {
        boot.16(firstOver(20), "\n"); // expect: 21
    }
};

// §7.6: arrays in fields, shared between methods
package .test;

class main {
    var nums : int[];

    void fill() {
        var i : int;
        nums = new int[]();
        while (i < 5) {
            nums[i] = i * i;
            i = i + 1;
        }
    }

    int total() {
        var i : int;
        var t : int;
        while (i < 5) {
            t = t + nums[i];
            i = i + 1;
        }
        return t;
    }

    void run(var boot) [8] {
        fill();
        boot.16(total(), "\n"); // expect: 30
    }
};

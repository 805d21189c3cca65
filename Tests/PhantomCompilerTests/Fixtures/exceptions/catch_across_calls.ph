// §8: an exception propagates out of called methods to the caller's handler
package .test;

class main {
    var boot;

    void deep(var n : int) {
        if (n == 0) throw "bottom";
        deep(n - 1);
        boot.16("not reached\n");
    }

    void run(var b) [8] {
        boot = b;
        try {
            deep(3);
        } catch (string e) {
            boot.16(e, "\n"); // expect: bottom
        }
        boot.16("after\n"); // expect: after
    }
};

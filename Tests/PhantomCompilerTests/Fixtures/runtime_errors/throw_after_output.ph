// §8: output printed before an uncaught exception is kept
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        while (i < 3) {
            boot.16(i, "\n");
            i = i + 1;
        }
        throw "stopped at three";
    }
};
// expect: 0
// expect: 1
// expect: 2
// expect runtime error: stopped at three

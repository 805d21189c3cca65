// §7.6 / our VM: set with a negative index throws
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        a = new int[]();
        a[-1] = 5;
    }
};
// expect runtime error: array set - index is out of bounds

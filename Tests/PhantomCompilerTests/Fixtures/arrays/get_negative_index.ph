// §7.6: a negative index is out of bounds (the check is unsigned)
package .test;

class main {
    void run(var boot) [8] {
        var a : string[];
        a = new string[]();
        a[0] = "x";
        boot.16(a[-1], "\n");
    }
};
// expect runtime error: array get - index is out of bounds

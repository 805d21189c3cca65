// INTERNAL §3.1: a negative substring length throws
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "abc";
        boot.16(s.substring(0, -1), "\n");
    }
};
// expect runtime error: string.substring length is negative

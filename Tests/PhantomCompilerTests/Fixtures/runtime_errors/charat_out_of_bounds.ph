// INTERNAL §3.1: charAt past the end throws
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "abc";
        boot.16(s.charAt(2), "\n"); // expect: 99
        boot.16(s.charAt(3), "\n");
    }
};
// expect runtime error: string.charAt index is out of bounds

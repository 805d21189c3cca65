// INTERNAL §3.1: substring needs 0 <= index < length
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "abc";
        boot.16(s.substring(3, 1), "\n");
    }
};
// expect runtime error: string.substring index is out of bounds

// INTERNAL §3.1: substring of "" always throws
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "";
        boot.16(s.substring(0, 0), "\n");
    }
};
// expect runtime error: string.substring index is out of bounds

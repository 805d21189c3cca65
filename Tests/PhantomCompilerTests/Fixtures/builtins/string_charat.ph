// INTERNAL §3.1: string.charAt(i) is the unsigned byte value
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "ABC";
        boot.16(s.charAt(0), "\n"); // expect: 65
        boot.16(s.charAt(1), "\n"); // expect: 66
        boot.16(s.charAt(2), "\n"); // expect: 67
        boot.16(s.charAt(1) + 1, "\n"); // expect: 67
    }
};

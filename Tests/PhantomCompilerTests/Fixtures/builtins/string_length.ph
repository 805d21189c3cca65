// INTERNAL §3.1: string.length() is the byte count
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "a\nb";
        boot.16(("hello").length(), "\n"); // expect: 5
        boot.16(("").length(), "\n");      // expect: 0
        boot.16(s.length(), "\n");         // expect: 3
    }
};

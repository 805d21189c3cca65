// INTERNAL §3.1: strstr gives the byte offset of the first occurrence, or -1
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "abcabc";
        boot.16(s.strstr("c"), "\n");   // expect: 2
        boot.16(s.strstr("bca"), "\n"); // expect: 1
        boot.16(s.strstr("zz"), "\n");  // expect: -1
        if (s.strstr("x") < 0) boot.16("not found\n"); // expect: not found
    }
};

// INTERNAL §3.1: equals compares class, length and bytes
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "abc";
        boot.16(s.equals("abc"), "\n"); // expect: 1
        boot.16(s.equals("abd"), "\n"); // expect: 0
        boot.16(s.equals("ab"), "\n");  // expect: 0
        boot.16(s.equals(null), "\n");  // expect: 0
    }
};

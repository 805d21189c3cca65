// §12.21: s == null is false for a non-null s
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "x";
        boot.16(s == null, "\n");  // expect: 0
        boot.16(null == s, "\n");  // expect: 0
        boot.16(s :== null, "\n"); // expect: 0
        boot.16(s :!= null, "\n"); // expect: 1
    }
};

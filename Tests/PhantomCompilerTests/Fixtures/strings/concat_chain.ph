// §7.3 / Q15: a call on a string call result works (not the original's bug)
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = ("a").concat("b").concat("c");
        boot.16(s, "\n");                  // expect: abc
        boot.16(s.concat("d").length(), "\n"); // expect: 4
    }
};

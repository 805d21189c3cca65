// §7.6: set grows the array; the size is a.12(); gaps hold null
package .test;

class main {
    void run(var boot) [8] {
        var s : string[];
        s = new string[]();
        boot.16(s.12(), "\n"); // expect: 0
        s[2] = "c";
        boot.16(s.12(), "\n"); // expect: 3
        boot.16(s[2], "\n");   // expect: c
        boot.16(s[0], "\n");   // expect: (void)
    }
};

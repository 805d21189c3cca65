// §12.2: a string literal may span lines and keeps the LF
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "first
second";
        boot.16(s, "\n");
        // expect: first
        // expect: second
        boot.16(s.length(), "\n"); // expect: 12
        boot.16(s.charAt(5), "\n"); // expect: 10
    }
};

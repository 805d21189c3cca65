// §1: CR is whitespace; this file uses CRLF line endings (the last line has no terminator)
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 1 +
            2;
        boot.16(x, "\n");
    }
};
// expect: 3
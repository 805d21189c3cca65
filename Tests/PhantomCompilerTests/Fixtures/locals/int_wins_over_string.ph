// §12.27: with var w : int; ... var w : string; the numeric w wins
package .test;

class main {
    void run(var boot) [8] {
        var w : int;
        w = 7;
        var w : string;
        boot.16(w + 1, "\n"); // expect: 8
    }
};

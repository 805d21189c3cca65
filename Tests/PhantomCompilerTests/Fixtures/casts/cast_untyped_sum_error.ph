// §12.16 / §6.1: the cast covers the whole sum, so (int) a.12() + 1 adds an untyped value: an error
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        var n : int;
        a = new int[]();
        n = (int) a.12() + 1; // expect error: type
    }
};

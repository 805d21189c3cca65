// §7.1: an ordinal call's result is untyped and cannot be used in arithmetic without a cast
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        var n : int;
        a = new int[]();
        n = a.12() + 1; // expect error: type
    }
};

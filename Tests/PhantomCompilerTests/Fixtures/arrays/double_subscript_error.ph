// §12.31: a[0][1] on an int[] is an error
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        var x : int;
        a = new int[]();
        x = a[0][1]; // expect error: subscript
    }
};

// §12.31: an array-element store has no value, so x = a[i] = v; is an error
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        var x : int;
        a = new int[]();
        x = a[0] = 5; // expect error: array
    }
};

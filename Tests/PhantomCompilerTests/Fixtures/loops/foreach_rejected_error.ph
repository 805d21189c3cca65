// §4: foreach parses, but the original's code for it is broken; we reject it
package .test;

class main {
    void run(var boot) [8] {
        var a : int [];
        var x : int;
        a = new int[]();
        foreach (x in a) boot.16(x); // expect error: foreach
    }
};

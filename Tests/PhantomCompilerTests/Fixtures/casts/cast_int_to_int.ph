// §5.3: (int) on an int is a no-op; (int) on a boxed int passes the class check
package .test;

class main {
    var f : int;

    void run(var boot) [8] {
        var i : int;
        i = 3;
        f = 4;
        boot.16((int) i + 1, "\n"); // expect: 4
        boot.16((int) f, "\n");     // expect: 4
    }
};

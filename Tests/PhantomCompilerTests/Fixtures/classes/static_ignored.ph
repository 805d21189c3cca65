// §3.3 / §3.5: static on field and local types is parsed and ignored
package .test;

class main {
    var f : static int;

    void run(var boot) [8] {
        var l : static int;
        f = 2;
        l = 3;
        boot.16(f * l, "\n"); // expect: 6
    }
};

// §3.3: parameters are local slots; assigning one does not change the caller's variable
package .test;

class main {
    var boot;

    void inc(var a : int) {
        a = a + 1;
        boot.16(a, "\n");
    }

    void run(var b) [8] {
        var x : int;
        boot = b;
        x = 5;
        inc(x);           // expect: 6
        boot.16(x, "\n"); // expect: 5
    }
};

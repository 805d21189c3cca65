// §5.4: an assignment to an int field has the stored value
package .test;

class main {
    var f : int;
    var g : int;

    void run(var boot) [8] {
        f = g = 9;
        boot.16(f + g, "\n"); // expect: 18
    }
};

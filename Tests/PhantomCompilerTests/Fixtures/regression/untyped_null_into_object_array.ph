// Regression: storing an untyped value into a .internal.object element cast it to
// .internal.object, which throws on null; a cast to .internal.object is never needed.
package .test;

class main {
    var slots : .internal.object [];
    void keep(var v, var i : int) { slots[i] = v; }

    void run(var boot) [8] {
        slots = new .internal.object[]();
        keep("x", 0);
        keep(null, 1);
        boot.16(slots[0], " ", slots[1], "\n"); // expect: x (void)
    }
};

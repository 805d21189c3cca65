// §5.1: ! only starts a Logical, so it cannot follow && (write 1 && (!0))
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 1 && !0; // expect error: expected
    }
};

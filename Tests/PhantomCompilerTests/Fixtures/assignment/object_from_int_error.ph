// §12.23: o = 5 with an object-typed target is an error
package .test;

class main {
    void run(var boot) [8] {
        var o : .internal.object;
        o = 5; // expect error: cannot assign
    }
};

// §12.22: ! on an object is a compile error
package .test;

class main {
    void t(var o : .internal.object) {
        var x : int;
        x = !o; // expect error: type
    }

    void run(var boot) [8] {
    }
};

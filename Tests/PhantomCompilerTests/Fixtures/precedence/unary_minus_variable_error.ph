// §12.17 / Q20: -x is an error; write 0 - x
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        var y : int;
        x = 1;
        y = -x; // expect error: expected
    }
};

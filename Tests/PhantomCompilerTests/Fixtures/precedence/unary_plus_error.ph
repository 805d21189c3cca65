// §5.2: there is no unary +
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = +5; // expect error: expected
    }
};

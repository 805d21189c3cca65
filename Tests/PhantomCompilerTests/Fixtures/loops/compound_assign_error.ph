// §5.2: += is not expressible
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        i += 1; // expect error: expected
    }
};

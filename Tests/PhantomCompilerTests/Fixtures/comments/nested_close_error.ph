// §1: block comments do not nest, so the second */ is left over as code
package .test;

class main {
    void run(var boot) [8] {
        var c : int;
        /* a /* b */ c */ ; // expect error: expected
    }
};

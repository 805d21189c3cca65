// §1: identifiers are [A-Za-z_$][A-Za-z0-9_$]*
package .test;

class main {
    void run(var boot) [8] {
        var $a : int;
        var _b : int;
        var c_1$ : int;
        var $ : int;
        var _ : int;
        $a = 1;
        _b = 2;
        c_1$ = 3;
        $ = 4;
        _ = 5;
        boot.16($a, _b, c_1$, $, _, "\n"); // expect: 12345
    }
};

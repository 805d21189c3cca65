// §5.3: widening int to double is exact; the cast result takes part in double arithmetic
package .test;

import .internal.double;

class main {
    void run(var boot) [8] {
        var i : int;
        var d : .internal.double;
        i = 7;
        d = ((double) i) / 2;
        boot.16(d, "\n"); // expect: 3.500000
        d = (double) i / 2;
        boot.16(d, "\n"); // expect: 3.000000
    }
};

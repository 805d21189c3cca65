// §6.1: int + double gives double
package .test;

import .internal.double;

class main {
    void run(var boot) [8] {
        var d : .internal.double;
        var i : int;
        d = 1;
        d = d / 4;
        i = 2;
        boot.16(i + d, "\n"); // expect: 2.250000
        boot.16(d * 8, "\n"); // expect: 2.000000
    }
};

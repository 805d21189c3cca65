// our VM: floats and doubles print like C "%f" (six decimals)
package .test;

import .internal.float;
import .internal.double;

class main {
    void run(var boot) [8] {
        var f : .internal.float;
        var d : .internal.double;
        f = 3;
        f = f / 2;
        boot.16(f, "\n"); // expect: 1.500000
        f = 1;
        f = f / 4;
        boot.16(f, "\n"); // expect: 0.250000
        d = 0 - 1;
        d = d / 2;
        boot.16(d, "\n"); // expect: -0.500000
        d = 2;
        d = d / 3;
        boot.16(d, "\n"); // expect: 0.666667
        d = 1000000;
        boot.16(d, "\n"); // expect: 1000000.000000
    }
};

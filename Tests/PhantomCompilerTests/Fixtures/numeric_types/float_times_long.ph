// §12.24: float * long gives float (16777217 rounds to 16777216 in a float)
package .test;

import .internal.long;
import .internal.float;

class main {
    void run(var boot) [8] {
        var f : .internal.float;
        var l : .internal.long;
        f = 1;
        l = 16777217;
        boot.16(f * l, "\n"); // expect: 16777216.000000
        f = 3;
        f = f / 2;
        l = 4;
        boot.16(f * l, "\n"); // expect: 6.000000
    }
};

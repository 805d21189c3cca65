// §2: float is IEEE 32-bit and double 64-bit (16777216 + 1 is not representable in a float)
package .test;

import .internal.float;
import .internal.double;

class main {
    void run(var boot) [8] {
        var f : .internal.float;
        var d : .internal.double;
        f = 16777216;
        f = f + 1;
        d = 16777216;
        d = d + 1;
        boot.16(f, "\n"); // expect: 16777216.000000
        boot.16(d, "\n"); // expect: 16777217.000000
    }
};

// §4: float and double locals start at 0
package .test;

import .internal.float;
import .internal.double;

class main {
    void run(var boot) [8] {
        var f : .internal.float;
        var d : .internal.double;
        boot.16(f, "\n"); // expect: 0.000000
        boot.16(d, "\n"); // expect: 0.000000
    }
};

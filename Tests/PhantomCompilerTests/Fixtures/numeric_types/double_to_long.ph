// §5.4: a double stored into a long is converted (truncated)
package .test;

import .internal.long;
import .internal.double;

class main {
    void run(var boot) [8] {
        var d : .internal.double;
        var l : .internal.long;
        d = 100000;
        d = d * 100000;
        d = d + 1;
        d = d / 2;
        l = d;
        boot.16(l, "\n"); // expect: 5000000000
    }
};

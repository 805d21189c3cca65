// §6.1: the common type is the wider of int < long < float < double
package .test;

import .internal.long;
import .internal.double;

class main {
    void run(var boot) [8] {
        var l : .internal.long;
        var d : .internal.double;
        l = 3;
        d = 1;
        d = d / 2;
        boot.16(l + d, "\n"); // expect: 3.500000
        boot.16(l * 2, "\n"); // expect: 6
    }
};

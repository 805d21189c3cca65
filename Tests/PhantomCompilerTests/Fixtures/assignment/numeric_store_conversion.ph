// §5.4: numeric stores convert: int to long/double, double to int (truncating), long to int (low 32 bits)
package .test;

import .internal.long;
import .internal.double;

class main {
    void run(var boot) [8] {
        var i : int;
        var l : .internal.long;
        var d : .internal.double;
        d = 7;
        boot.16(d, "\n"); // expect: 7.000000
        d = d / 2;
        i = d;
        boot.16(i, "\n"); // expect: 3
        l = 65536;
        l = l * 65536 + 1;
        i = l;
        boot.16(i, "\n"); // expect: 1
        l = 2147483647;
        l = l + 2147483647 + 2;
        boot.16(l, "\n"); // expect: 4294967296
        i = l - 1;
        boot.16(i, "\n"); // expect: -1
    }
};

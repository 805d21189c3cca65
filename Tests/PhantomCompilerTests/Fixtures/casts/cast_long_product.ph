// §12.16 / §5.3: (long) i * 65536 casts the int product; ((long) i) * 65536 multiplies as long
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var i : int;
        var l : .internal.long;
        i = 65536;
        l = (long) i * 65536;
        boot.16(l, "\n"); // expect: 0
        l = ((long) i) * 65536;
        boot.16(l, "\n"); // expect: 4294967296
    }
};

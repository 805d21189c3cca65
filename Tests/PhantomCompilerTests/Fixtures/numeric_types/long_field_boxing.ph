// §2: a long stored in a field is a boxed .internal.long and unboxes for arithmetic
package .test;

import .internal.long;

class main {
    var lf : .internal.long;

    void run(var boot) [8] {
        var l : .internal.long;
        l = 65536;
        l = l * 65536;
        lf = l;
        boot.16(lf + 1, "\n"); // expect: 4294967297
        boot.16(lf, "\n");     // expect: 4294967296
    }
};

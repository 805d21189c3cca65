// §12.24: long + int gives long (no 32-bit wraparound)
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var l : .internal.long;
        var i : int;
        l = 1;
        i = 2147483647;
        boot.16(l + i, "\n"); // expect: 2147483648
        boot.16(i + l, "\n"); // expect: 2147483648
        l = 2147483647;
        l = l + 1;
        boot.16(l, "\n");     // expect: 2147483648
    }
};

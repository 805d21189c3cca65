// §6.2: long division truncates and % has the dividend's sign
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var l : .internal.long;
        l = 0 - 7;
        boot.16(l / 2, "\n"); // expect: -3
        boot.16(l % 2, "\n"); // expect: -1
        l = 65536;
        l = l * 65536 * 3;
        boot.16(l / 2, "\n"); // expect: 6442450944
        boot.16(l % 5, "\n"); // expect: 3
    }
};

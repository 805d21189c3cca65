// §6.2: | & ~ work on longs
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var l : .internal.long;
        l = 65536;
        l = l * 65536;
        boot.16(l | 1, "\n");       // expect: 4294967297
        boot.16((l | 5) & 7, "\n"); // expect: 5
        boot.16(l~, "\n");          // expect: -4294967297
    }
};

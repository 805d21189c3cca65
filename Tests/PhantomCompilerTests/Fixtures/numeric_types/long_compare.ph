// §6.2: relational operators on longs compare all 64 bits
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var l : .internal.long;
        l = 65536;
        l = l * 65536;
        boot.16(l > 2147483647, "\n"); // expect: 1
        boot.16(l < 1, "\n");          // expect: 0
        boot.16(l >= l, "\n");         // expect: 1
    }
};

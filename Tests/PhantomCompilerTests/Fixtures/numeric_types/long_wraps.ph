// §6.2: long arithmetic wraps around at 64 bits
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var l : .internal.long;
        l = 65536;
        l = l * 65536;
        l = l * 65536;
        boot.16(l, "\n"); // expect: 281474976710656
        l = l * 32768;
        boot.16(l, "\n"); // expect: -9223372036854775808
        l = l - 1;
        boot.16(l, "\n"); // expect: 9223372036854775807
    }
};

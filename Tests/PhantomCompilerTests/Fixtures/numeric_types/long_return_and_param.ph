// §4 / §6.1: longs are boxed as arguments and results
package .test;

import .internal.long;

class main {
    .internal.long big() {
        var l : .internal.long;
        l = 65536;
        l = l * 65536;
        return l;
    }

    .internal.long twice(var x : .internal.long) {
        return x * 2;
    }

    void run(var boot) [8] {
        boot.16(big(), "\n");        // expect: 4294967296
        boot.16(twice(big()), "\n"); // expect: 8589934592
    }
};

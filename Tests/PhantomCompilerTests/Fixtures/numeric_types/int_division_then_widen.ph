// §6.1: the operands decide the type: 7 / 2 is int division even when stored into a float
package .test;

import .internal.float;

class main {
    void run(var boot) [8] {
        var f : .internal.float;
        f = 7 / 2;
        boot.16(f, "\n"); // expect: 3.000000
        f = 7;
        f = f / 2;
        boot.16(f, "\n"); // expect: 3.500000
    }
};

// §12.16 / Q5: (int) a + b casts the sum; ((int) a) + b casts only a
package .test;

import .internal.double;

class main {
    void run(var boot) [8] {
        var a : .internal.double;
        var b : .internal.double;
        var i : int;
        a = 5;
        a = a / 2;
        b = a;
        i = (int) a + b;
        boot.16(i, "\n");             // expect: 5
        i = ((int) a) + b;
        boot.16(i, "\n");             // expect: 4
        boot.16(((int) a) + b, "\n"); // expect: 4.500000
        boot.16((int) a + b, "\n");   // expect: 5
    }
};

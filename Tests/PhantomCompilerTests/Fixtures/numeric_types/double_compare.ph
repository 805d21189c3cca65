// §6.2: relational operators on doubles and mixed int / double
package .test;

import .internal.double;

class main {
    void run(var boot) [8] {
        var d : .internal.double;
        d = 5;
        d = d / 2;
        boot.16(d > 2, "\n");  // expect: 1
        boot.16(d < 3, "\n");  // expect: 1
        boot.16(d >= 3, "\n"); // expect: 0
        boot.16(2 < d, "\n");  // expect: 1
    }
};

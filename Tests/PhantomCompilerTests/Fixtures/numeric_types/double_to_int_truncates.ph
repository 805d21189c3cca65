// §12.24: assigning a double to an int truncates
package .test;

import .internal.double;

class main {
    void run(var boot) [8] {
        var d : .internal.double;
        var i : int;
        d = 7;
        d = d / 2;
        i = d;
        boot.16(i, "\n"); // expect: 3
        d = 0 - 7;
        d = d / 2;
        i = d;
        boot.16(i, "\n"); // expect: -3
        d = 2;
        d = d / 3;
        i = d;
        boot.16(i, "\n"); // expect: 0
    }
};

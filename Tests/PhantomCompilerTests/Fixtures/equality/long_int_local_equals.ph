// §6.2: == on numeric locals of different types compares in the common type
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var l : .internal.long;
        var i : int;
        l = 40;
        i = 40;
        boot.16(l == i, "\n"); // expect: 1
        boot.16(l == 41, "\n"); // expect: 0
    }
};

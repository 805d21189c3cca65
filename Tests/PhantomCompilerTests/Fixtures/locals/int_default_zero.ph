// §4: numeric locals start at 0
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var i : int;
        var l : .internal.long;
        boot.16(i, "\n"); // expect: 0
        boot.16(l, "\n"); // expect: 0
    }
};

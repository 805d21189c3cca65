// §2 rule 5: numeric types are assignable both ways, so an int matches a .internal.long parameter
package .test;

import .internal.long;

class main {
    var boot;

    void show(var l : .internal.long) {
        boot.16(l, "\n");
    }

    void run(var b) [8] {
        boot = b;
        show(12); // expect: 12
    }
};

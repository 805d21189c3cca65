// §6.2: | & ~ take int or long operands only
package .test;

import .internal.float;

class main {
    void run(var boot) [8] {
        var f : .internal.float;
        var g : .internal.float;
        g = f | 1; // expect error: type
    }
};

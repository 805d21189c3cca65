// §6.2 / our VM: long division by zero throws "division by zero"
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var l : .internal.long;
        var z : .internal.long;
        l = 10;
        l = l / z;
    }
};
// expect runtime error: division by zero

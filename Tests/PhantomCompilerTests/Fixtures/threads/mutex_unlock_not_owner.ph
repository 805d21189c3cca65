// INTERNAL §3.10: only the owner may unlock a mutex
package .test;

import .internal.mutex;

class main {
    void run(var boot) [8] {
        var m : .internal.mutex;
        m = new .internal.mutex();
        m.9();
    }
};
// expect runtime error: mutex unlock - not owner

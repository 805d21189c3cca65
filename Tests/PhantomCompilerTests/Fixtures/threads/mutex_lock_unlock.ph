// INTERNAL §3.10: .internal.mutex lock (8) and unlock (9)
package .test;

import .internal.mutex;

class main {
    void run(var boot) [8] {
        var m : .internal.mutex;
        m = new .internal.mutex();
        m.8();
        boot.16("locked\n");   // expect: locked
        m.9();
        boot.16("unlocked\n"); // expect: unlocked
    }
};

// INTERNAL §3.6: new .internal.world() gives access to the current thread (ordinal 8)
package .test;

import .internal.world;

class main {
    void run(var boot) [8] {
        var w : .internal.world;
        w = new .internal.world();
        boot.16(w, "\n");      // expect: (world)
        boot.16(w.8(), "\n");  // expect: thread
    }
};

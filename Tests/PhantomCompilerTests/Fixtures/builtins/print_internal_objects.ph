// INTERNAL §3: the printed form of some native objects
package .test;

import .internal.directory;

class main {
    void run(var boot) [8] {
        boot.16(boot, "\n");                       // expect: bootstrap
        boot.16(new int[](), "\n");                // expect: array
        boot.16(new .internal.directory(), "\n");  // expect: (directory)
        boot.16(("s").2(), "\n");                  // expect: class
    }
};

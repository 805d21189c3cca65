// §2: a relative long in a declaration means <package>.long, even with the import
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var x : long; // expect error: not defined
    }
};

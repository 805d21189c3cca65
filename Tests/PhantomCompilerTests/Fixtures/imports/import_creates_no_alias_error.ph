// §3.1: import creates no alias; "directory" still means .test.directory
package .test;

import .internal.directory;

class main {
    void run(var boot) [8] {
        var d : directory; // expect error: not defined
    }
};

// §12.33 / §7.5: passing constructor arguments to a native class is an error: new .internal.directory(1)
package .test;

import .internal.directory;

class main {
    void run(var boot) [8] {
        var d : .internal.directory;
        d = new .internal.directory(1); // expect error: argument
    }
};

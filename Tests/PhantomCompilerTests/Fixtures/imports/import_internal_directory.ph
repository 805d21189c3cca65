// §9: an imported native class can be named absolutely and created with new
package .test;

import .internal.directory;

class main {
    void run(var boot) [8] {
        var d : .internal.directory;
        d = new .internal.directory();
        boot.16(d, "\n"); // expect: (directory)
    }
};

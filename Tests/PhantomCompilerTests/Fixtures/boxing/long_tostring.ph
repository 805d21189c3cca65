// §12.35: toString on a long local
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var l : .internal.long;
        l = 65536;
        l = l * 65536;
        boot.16(l.toString().concat("L"), "\n"); // expect: 4294967296L
    }
};

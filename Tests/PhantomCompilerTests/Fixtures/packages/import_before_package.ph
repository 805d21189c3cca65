// §12.6: an import may come before the package
import .internal.long;
package .test;

class main {
    void run(var boot) [8] {
        var l : .internal.long;
        l = 65536;
        l = l * 65536;
        boot.16(l, "\n"); // expect: 4294967296
    }
};

// §6.4: calling methods on null does not fault: toString gives "(void)" and equals is identity
package .test;

class main {
    void run(var boot) [8] {
        var o : .internal.object;
        o = null;
        boot.16(o.toString(), "\n");    // expect: (void)
        boot.16(o.equals(null), "\n");  // expect: 1
        boot.16(o.equals("x"), "\n");   // expect: 0
    }
};

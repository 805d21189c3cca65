// §6.2: the most negative int survives arithmetic through a variable
package .test;

class main {
    void run(var boot) [8] {
        var m : int;
        m = 0x80000000;
        boot.16(m, "\n");      // expect: -2147483648
        boot.16(m + m, "\n");  // expect: 0
        boot.16(0 - m, "\n");  // expect: -2147483648
    }
};

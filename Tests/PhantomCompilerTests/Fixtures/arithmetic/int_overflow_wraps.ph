// §6.2: int arithmetic wraps around at 32 bits
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        i = 2147483647;
        i = i + 1;
        boot.16(i, "\n");        // expect: -2147483648
        i = i - 1;
        boot.16(i, "\n");        // expect: 2147483647
        i = 65536;
        boot.16(i * i, "\n");    // expect: 0
        i = 0x7FFFFFFF;
        boot.16(i * 2, "\n");    // expect: -2
        i = 100000;
        boot.16(i * i, "\n");    // expect: 1410065408
    }
};

// §6.2: | & and postfix ~ on ints
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        a = 12;
        boot.16(a | 3, "\n");      // expect: 15
        boot.16(a & 10, "\n");     // expect: 8
        boot.16(0xF0 | 0x0F, "\n"); // expect: 255
        boot.16(-1 & 0xFF, "\n");  // expect: 255
        boot.16(a~, "\n");         // expect: -13
        boot.16(0~, "\n");         // expect: -1
    }
};

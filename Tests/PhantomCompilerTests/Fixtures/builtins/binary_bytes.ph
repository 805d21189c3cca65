// INTERNAL §3.3 / §4: boot.19(n) makes a zero-filled binary; 9 setByte keeps the low 8 bits, 8 getByte reads
package .test;

class main {
    var bin;

    void run(var boot) [8] {
        bin = boot.19(4);
        bin.9(0, 321);
        bin.9(1, 255);
        boot.16(bin.8(0), "\n"); // expect: 65
        boot.16(bin.8(1), "\n"); // expect: 255
        boot.16(bin.8(3), "\n"); // expect: 0
        bin.8(4);
    }
};
// expect runtime error: binary index out of bounds

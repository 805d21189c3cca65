// §6.2: && and || give int 0/1 for any non-zero operands
package .test;

class main {
    void run(var boot) [8] {
        boot.16(5 && 3, "\n");  // expect: 1
        boot.16(5 && 0, "\n");  // expect: 0
        boot.16(0 || 7, "\n");  // expect: 1
        boot.16(0 || 0, "\n");  // expect: 0
        boot.16(-2 || 0, "\n"); // expect: 1
    }
};

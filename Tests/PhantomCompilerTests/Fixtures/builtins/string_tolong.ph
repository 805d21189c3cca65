// INTERNAL §3.1: toLong reads a 64-bit decimal number
package .test;

import .internal.long;

class main {
    void run(var boot) [8] {
        var l : .internal.long;
        l = ("12345678901").toLong();
        boot.16(l, "\n");     // expect: 12345678901
        boot.16(l + 1, "\n"); // expect: 12345678902
    }
};

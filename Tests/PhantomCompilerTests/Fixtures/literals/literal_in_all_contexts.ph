// §1: literals as arguments, in conditions, in returns and as case labels
package .test;

class main {
    int seven() {
        return 7;
    }

    void run(var boot) [8] {
        if (0x10) boot.16("hex true\n");   // expect: hex true
        switch (010) {
        case 8: boot.16("octal case\n"); break; // expect: octal case
        default: boot.16("wrong\n"); break;
        }
        boot.16(seven(), "\n");            // expect: 7
    }
};

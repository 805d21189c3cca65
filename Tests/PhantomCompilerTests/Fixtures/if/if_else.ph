// §4: if and else
package .test;

class main {
    void run(var boot) [8] {
        if (1) boot.16("then\n"); else boot.16("else\n"); // expect: then
        if (0) boot.16("then\n"); else boot.16("else\n"); // expect: else
        if (0) boot.16("skipped\n");
        if (1) {
            boot.16("block\n"); // expect: block
        }
    }
};

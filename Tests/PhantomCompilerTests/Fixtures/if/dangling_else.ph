// §4: else binds to the nearest if
package .test;

class main {
    void run(var boot) [8] {
        if (1)
            if (0) boot.16("inner then\n");
            else boot.16("inner else\n"); // expect: inner else
        if (0)
            if (1) boot.16("a\n");
            else boot.16("b\n");
        boot.16("end\n"); // expect: end
    }
};

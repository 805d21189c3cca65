// §4: {} is the way to write an empty statement
package .test;

class main {
    void run(var boot) [8] {
        if (1) {} else boot.16("else\n");
        if (0) {} else boot.16("else\n"); // expect: else
    }
};

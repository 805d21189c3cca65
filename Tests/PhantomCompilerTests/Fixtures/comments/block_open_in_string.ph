// §12.3: "/*" inside a string does not open a comment
package .test;

class main {
    void run(var boot) [8] {
        boot.16("/*", "\n");    // expect: /*
        boot.16("after\n");     // expect: after
        boot.16("*/", "\n");    // expect: */
    }
};

// §1: a // comment may end at the end of the file without a newline
package .test;

class main {
    void run(var boot) [8] {
        boot.16("ok\n");
    }
};
// expect: ok
// §1: a block comment may span lines and contain quotes and //
package .test;

class main {
    void run(var boot) [8] {
        /* this comment has "quotes and // slashes
           and it spans
           several lines */
        boot.16("done\n"); // expect: done
    }
};

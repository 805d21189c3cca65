// §1: /*/ opens a comment that the next */ closes
package .test;

class main {
    void run(var boot) [8] {
        /*/ boot.16("hidden\n"); */
        boot.16("shown\n"); // expect: shown
    }
};

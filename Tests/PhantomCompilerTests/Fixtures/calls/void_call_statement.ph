// §4: a call is a statement; results may be ignored
package .test;

class main {
    var boot;

    int noisy() {
        boot.16("called\n");
        return 5;
    }

    void run(var b) [8] {
        boot = b;
        noisy(); // expect: called
    }
};

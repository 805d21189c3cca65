// §4: at most one default
package .test;

class main {
    void run(var boot) [8] {
        switch (1) {
        default: break;
        default: break; // expect error: default
        }
    }
};

// §4: a switch with only a default
package .test;

class main {
    void run(var boot) [8] {
        switch (42) {
        default: boot.16("default\n"); break; // expect: default
        }
    }
};

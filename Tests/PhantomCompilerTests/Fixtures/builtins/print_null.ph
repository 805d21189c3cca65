// §6.4 / our VM: null prints as (void)
package .test;

class main {
    void run(var boot) [8] {
        boot.16(null, "\n"); // expect: (void)
    }
};

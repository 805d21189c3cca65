// §5.4: this is not a name, so it cannot be assigned
package .test;

class main {
    void run(var boot) [8] {
        this = null; // expect error: cannot assign
    }
};

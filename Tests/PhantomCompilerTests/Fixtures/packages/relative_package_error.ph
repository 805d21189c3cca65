// §12.6: the package must be absolute
package test; // expect error: package

class .test.main {
    void run(var boot) [8] {
    }
};

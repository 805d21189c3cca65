// §12.6: at most one package per file
package .test;
package .other; // expect error: package

class .test.main {
    void run(var boot) [8] {
    }
};

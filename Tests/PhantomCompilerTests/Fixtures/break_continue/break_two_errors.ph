// §12.30: several independent errors in one run are all reported
package .test;

class main {
    void a() {
        break; // expect error: outside
    }

    void b() {
        continue; // expect error: outside
    }

    void run(var boot) [8] {
    }
};

// §4: C-style local declarations such as int x; are errors
package .test;

class main {
    void run(var boot) [8] {
        int x; // expect error: expected
    }
};

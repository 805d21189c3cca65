// §4: C-style local declarations such as string s; are errors
package .test;

class main {
    void run(var boot) [8] {
        string s; // expect error: expected
    }
};

// §3.2: attributes may not come before [N]
package .test;

class main {
    void f() @const [16] { // expect error: expected
    }

    void run(var boot) [8] {
    }
};

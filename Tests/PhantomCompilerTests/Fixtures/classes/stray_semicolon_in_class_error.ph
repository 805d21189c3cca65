// §12.5: void f(){}; inside a class is an error (no stray ';' in a class body)
package .test;

class main {
    void f() {
    }; // expect error: expected

    void run(var boot) [8] {
    }
};

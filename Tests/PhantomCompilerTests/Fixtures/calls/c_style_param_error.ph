// §3.3: parameters are written var name : type; C-style parameters are errors
package .test;

class main {
    void f(int a) { } // expect error: expected

    void run(var boot) [8] {
    }
};

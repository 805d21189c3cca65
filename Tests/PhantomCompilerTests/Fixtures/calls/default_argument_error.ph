// §3.3: there are no default arguments
package .test;

class main {
    void f(var a : int = 1) { } // expect error: expected

    void run(var boot) [8] {
    }
};

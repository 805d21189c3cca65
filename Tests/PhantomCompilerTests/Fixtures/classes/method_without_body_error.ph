// §3.3: in a class, methods need a body
package .test;

class main {
    void f(); // expect error: body

    void run(var boot) [8] {
    }
};

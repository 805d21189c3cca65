// §3.3: one declarator per declaration
package .test;

class main {
    var a, b : int; // expect error: expected

    void run(var boot) [8] {
    }
};

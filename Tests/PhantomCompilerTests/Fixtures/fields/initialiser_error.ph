// §3.3: fields have no initialisers
package .test;

class main {
    var a : int = 5; // expect error: expected

    void run(var boot) [8] {
    }
};

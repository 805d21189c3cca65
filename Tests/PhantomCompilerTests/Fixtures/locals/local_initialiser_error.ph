// §4: locals have no initialisers
package .test;

class main {
    void run(var boot) [8] {
        var x : int = 1; // expect error: expected
    }
};

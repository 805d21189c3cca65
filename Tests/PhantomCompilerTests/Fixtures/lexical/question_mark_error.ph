// §1: '?' is a fatal lexical error (there is no ?: operator)
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 1 ? 2 : 3; // expect error: lexical
    }
};

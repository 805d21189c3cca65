// §1: a keyword wins over an identifier of the same text
package .test;

class main {
    void run(var boot) [8] {
        var class : int; // expect error: expected
    }
};

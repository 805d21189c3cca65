// §12.1: 0XFF is read as 0 followed by the identifier XFF, a syntax error
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 0XFF; // expect error: expected
    }
};

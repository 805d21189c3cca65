// §1: an 8 anywhere in an octal literal is an error
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 0181; // expect error: octal
    }
};

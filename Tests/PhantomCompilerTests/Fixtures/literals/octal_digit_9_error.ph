// §12.1 / Q20: 09 is an octal literal with a bad digit, an error
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 09; // expect error: octal
    }
};

// §12.18: a literal cannot take a postfix, so "a".concat("b") is an error
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "a".concat("b"); // expect error: expected
    }
};

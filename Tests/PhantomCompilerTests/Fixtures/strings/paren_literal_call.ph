// §12.18: a parenthesised literal can take a postfix: ("a").concat("b")
package .test;

class main {
    void run(var boot) [8] {
        boot.16(("a").concat("b"), "\n"); // expect: ab
    }
};

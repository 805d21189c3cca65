// §12.39: a parenthesised import "file" can take a postfix (lines.txt has two lines)
package .test;

class main {
    void run(var boot) [8] {
        boot.16((import "lines.txt").length(), "\n"); // expect: 18
        boot.16(import "lines.txt");
        // expect: line one
        // expect: line two
    }
};

// §1: \" puts a double quote inside a string
package .test;

class main {
    void run(var boot) [8] {
        boot.16("say \"hi\"", "\n"); // expect: say "hi"
    }
};

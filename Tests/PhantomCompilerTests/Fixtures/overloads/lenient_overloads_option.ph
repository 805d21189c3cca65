// §10.3 opt-in extension (phantom compile --lenient-overloads): an int passed to a string
// parameter resolves by name and arity with a warning, as some corpus files need
// option: lenient-overloads
package .test;

class printer {
    var boot;
    void init(var b) { boot = b; }
    void print(var s : string) { boot.16(s, "\n"); }
};

class main {
    void run(var boot) [8] {
        var p : printer;
        p = new printer();
        p.init(boot);
        p.print("text"); // expect: text
        p.print(42);     // expect: 42
    }
};

// §10.3 extension: recv.*(name)(args) calls a method by its run-time name (dynamic_invoke);
// the result is untyped
package .test;

class greeter {
    string hello(var who : string) { return ("hello ").concat(who); }
    int add(var a : int, var b : int) { return a + b; }
};

class main {
    void run(var boot) [8] {
        var g : greeter;
        var name : string;
        g = new greeter();
        name = "hel";
        boot.16(g.*(name.concat("lo"))("you"), "\n"); // expect: hello you
        boot.16(g.*("add")(2, 40), "\n");             // expect: 42
    }
};

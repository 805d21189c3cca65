// Regression: returning an untyped null from a method declared .internal.object emitted a
// cast, which throws on null; a return converts numbers only (§4).
package .test;

class main {
    var f;
    .internal.object get() { return f; }
    string name() { return f; }

    void run(var boot) [8] {
        boot.16("value: ", get(), "\n"); // expect: value: (void)
        boot.16("name: ", name(), "\n"); // expect: name: (void)
    }
};

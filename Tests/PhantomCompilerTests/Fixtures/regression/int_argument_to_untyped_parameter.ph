// Regression: an int expression passed to an untyped or .internal.object parameter was
// rejected ("cannot assign a number"); arguments are boxed (§7.1), only stores of a number
// into an object-typed field or local are errors (§5.4).
package .test;

class main {
    var boot;
    void show(var x) { boot.16(x, "\n"); }
    void showObject(var x : .internal.object) { boot.16(x, "\n"); }

    void run(var b) [8] {
        var i : int;
        boot = b;
        i = 6;
        show(5);          // expect: 5
        show(i * 7);      // expect: 42
        showObject(i + 1); // expect: 7
    }
};

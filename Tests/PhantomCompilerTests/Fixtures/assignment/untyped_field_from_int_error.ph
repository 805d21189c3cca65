// §5.4: storing an int-stack value into an untyped field is an error
package .test;

class main {
    var u;

    void run(var boot) [8] {
        u = 1 + 2; // expect error: cannot assign
    }
};

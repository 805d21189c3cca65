// §12.26: inside a method, a name that is both a field and a parameter reads the field
package .test;

class main {
    var boot;
    var x : int;

    void show(var x : int) {
        boot.16(x, "\n");
    }

    void run(var b) [8] {
        boot = b;
        x = 1;
        show(9); // expect: 1
    }
};

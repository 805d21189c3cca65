// §12.26 / §5.4: a field shadows a parameter of the same name (the field is written)
package .test;

class main {
    var boot;
    var i : int;

    void set(var i : int) {
        i = 5;
    }

    void run(var b) [8] {
        boot = b;
        i = 1;
        set(9);
        boot.16(i, "\n"); // expect: 5
    }
};

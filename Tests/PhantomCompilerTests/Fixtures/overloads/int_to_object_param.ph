// §7.2: an int (and a string) matches a .internal.object parameter
package .test;

class main {
    var boot;

    void show(var o : .internal.object) {
        boot.16(o, "\n");
    }

    void run(var b) [8] {
        boot = b;
        show(5);     // expect: 5
        show("str"); // expect: str
    }
};

// §7.6: subscripting an untyped value works and gives an untyped element
package .test;

class main {
    var boot;

    void show(var u) {
        u[2] = "set through untyped";
        boot.16(u[0], "\n");
        boot.16(u[2], "\n");
    }

    void run(var b) [8] {
        var a : string[];
        boot = b;
        a = new string[]();
        a[0] = "first";
        show(a);
        // expect: first
        // expect: set through untyped
        boot.16(a.12(), "\n"); // expect: 3
    }
};

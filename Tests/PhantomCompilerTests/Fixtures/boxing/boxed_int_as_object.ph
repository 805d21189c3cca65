// §2: an int passed to an object-typed parameter arrives boxed and stays an int
package .test;

class main {
    var boot;

    void keep(var o : .internal.object) {
        var a : .internal.object[];
        a = new .internal.object[]();
        a[0] = o;
        boot.16(a[0], "\n");
        boot.16(a[0] == 9, "\n");
        boot.16(o == 9, "\n");
    }

    void run(var b) [8] {
        boot = b;
        keep(9);
        // expect: 9
        // expect: 1
        // expect: 1
    }
};

// §2 rule 3: an untyped parameter accepts anything, including null and untyped values
package .test;

class main {
    var boot;

    void show(var o) {
        boot.16(o, "\n");
    }

    void run(var b) [8] {
        boot = b;
        show(5);    // expect: 5
        show("s");  // expect: s
        show(null); // expect: (void)
        show(b);    // expect: bootstrap
    }
};

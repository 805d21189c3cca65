// §12.22 / §4: if (o) on a non-int static type is only a warning; the value is unboxed
package .test;

class main {
    var boot;

    void t(var o : .internal.object) {
        if (o) boot.16("yes\n"); else boot.16("no\n");
    }

    void run(var b) [8] {
        boot = b;
        t(5); // expect: yes
        t(0); // expect: no
    }
};

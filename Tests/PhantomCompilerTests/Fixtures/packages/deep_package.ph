// §3.1: a relative name means <package>.<name>, for a package of any depth
package .a.b.c;

class k {
};

class main {
    void run(var boot) [8] {
        var x : k;
        var y : .a.b.c.k;
        x = new k();
        y = x;
        boot.16(y, "\n"); // expect: (.a.b.c.k)
    }
};

// §3.1: a class may refer to itself (a linked list)
package .test;

class node {
    var val : int;
    var next : node;

    void setVal(var v : int) {
        val = v;
    }

    void link(var n : node) {
        next = n;
    }

    int sum() {
        if (next :== null) return val;
        return val + next.sum();
    }
};

class main {
    void run(var boot) [8] {
        var a : node;
        var b : node;
        var c : node;
        a = new node();
        b = new node();
        c = new node();
        a.setVal(1);
        b.setVal(2);
        c.setVal(3);
        a.link(b);
        b.link(c);
        boot.16(a.sum(), "\n"); // expect: 6
        boot.16(c.sum(), "\n"); // expect: 3
    }
};

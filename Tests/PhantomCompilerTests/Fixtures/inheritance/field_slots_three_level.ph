// §12.10 / Q14: with a field-less middle class, the grandchild's fields get slots after the grandparent's
package .test;

class gp {
    var a : int;
    var s : string;

    void setA(var x : int) {
        a = x;
        s = "gp";
    }

    int getA() {
        return a;
    }

    string getS() {
        return s;
    }
};

class mid extends gp {
};

class kid extends mid {
    var b : int;

    void setB(var x : int) {
        b = x;
    }

    int getB() {
        return b;
    }
};

class main {
    void run(var boot) [8] {
        var k : kid;
        k = new kid();
        k.setA(1);
        k.setB(2);
        boot.16(k.getA(), "\n"); // expect: 1
        boot.16(k.getB(), "\n"); // expect: 2
        boot.16(k.getS(), "\n"); // expect: gp
    }
};

// §7.1: a bare call in a parent method dispatches to the subclass override
package .test;

class shape {
    int sides() {
        return 0;
    }

    string describe() {
        return ("sides=").concat(sides().toString());
    }
};

class tri extends shape {
    int sides() {
        return 3;
    }
};

class main {
    void run(var boot) [8] {
        var s : shape;
        s = new tri();
        boot.16(s.describe(), "\n"); // expect: sides=3
    }
};

// §2 rule 7: interfaces never count as ancestors, so a class does not match an interface-typed parameter
package .test;

interface shape {
    int area();
};

class sq implements shape {
    int area() {
        return 1;
    }
};

class k {
    void take(var s : shape) {
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        x.take(new sq()); // expect error: argument
    }
};

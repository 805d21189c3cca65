// §3.6: a class that defines every method of its interface compiles; calls go through the class type
package .test;

interface shape {
    int area();
};

class sq implements shape {
    var s : int;

    void set(var x : int) {
        s = x;
    }

    int area() {
        return s * s;
    }
};

class main {
    void run(var boot) [8] {
        var q : sq;
        q = new sq();
        q.set(4);
        boot.16(q.area(), "\n"); // expect: 16
    }
};

// §7.2 step 3: if the receiver's class has no applicable method, the extends parent is searched
package .test;

class base {
    string f(var i : int) {
        return "base int";
    }
};

class sub extends base {
    string f(var s : string) {
        return "sub string";
    }
};

class main {
    void run(var boot) [8] {
        var s : sub;
        s = new sub();
        boot.16(s.f("x"), "\n"); // expect: sub string
        boot.16(s.f(5), "\n");   // expect: base int
    }
};

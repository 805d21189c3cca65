// §12.13 / §7.2: f(string) and f(int) resolve by the static argument type
package .test;

class k {
    string f(var s : string) {
        return "string";
    }

    string f(var i : int) {
        return "int";
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        var n : int;
        var t : string;
        x = new k();
        n = 3;
        t = "t";
        boot.16(x.f("x"), "\n"); // expect: string
        boot.16(x.f(1), "\n");   // expect: int
        boot.16(x.f(n), "\n");   // expect: int
        boot.16(x.f(t), "\n");   // expect: string
    }
};

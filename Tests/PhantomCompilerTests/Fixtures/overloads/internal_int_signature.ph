// §7.2: .internal.int is the same as int in signatures (and .internal.string as string)
package .test;

class k {
    int f(var x : .internal.int) {
        return x + 1;
    }

    string g(var s : .internal.string) {
        return s.concat("!");
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.f(3), "\n");   // expect: 4
        boot.16(x.g("hi"), "\n"); // expect: hi!
    }
};

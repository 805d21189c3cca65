// §3.3: C-style field declarations "Type Ident;"
package .test;

class pt {
    int x;
    string name;

    void set(var v : int, var n : string) {
        x = v;
        name = n;
    }

    string desc() {
        return name.concat(x.toString());
    }
};

class main {
    pt p;

    void run(var boot) [8] {
        p = new pt();
        p.set(7, "p");
        boot.16(p.desc(), "\n"); // expect: p7
    }
};

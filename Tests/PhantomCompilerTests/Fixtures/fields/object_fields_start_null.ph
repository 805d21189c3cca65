// §4 / §12.21: object fields start as null (env :== null is true)
package .test;

class pt {
};

class main {
    var p : pt;
    var s : string;
    var u;

    void run(var boot) [8] {
        boot.16(p :== null, "\n"); // expect: 1
        boot.16(s :== null, "\n"); // expect: 1
        boot.16(u :== null, "\n"); // expect: 1
        boot.16(s, "\n");          // expect: (void)
        boot.16(u, "\n");          // expect: (void)
    }
};

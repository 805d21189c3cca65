// §7.5: without : T the static type is that of the class expression (untyped here), so a named call is an error
package .test;

class pt {
    int get() {
        return 1;
    }
};

class main {
    var cls;

    void run(var boot) [8] {
        cls = (new pt()).2();
        boot.16((new *(cls)()).get(), "\n"); // expect error: type
    }
};

// §7.5: without : T the untyped result still takes ordinal calls
package .test;

class pt {
    var v : int;

    void set(var x : int) [16] {
        v = x;
    }

    int get() [17] {
        return v;
    }
};

class main {
    var cls;
    var obj;

    void run(var boot) [8] {
        cls = (new pt()).2();
        obj = new *(cls)();
        obj.16(12);
        boot.16(obj.17(), "\n"); // expect: 12
    }
};

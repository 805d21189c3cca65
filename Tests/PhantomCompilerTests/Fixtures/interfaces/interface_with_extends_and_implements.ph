// §3.1: extends and implements together; the method defined in the class itself satisfies the interface
package .test;

interface named {
    string name();
};

class base {
    int id() {
        return 7;
    }
};

class item extends base implements named {
    string name() {
        return "item";
    }
};

class main {
    void run(var boot) [8] {
        var i : item;
        i = new item();
        boot.16(i.name(), i.id(), "\n"); // expect: item7
    }
};

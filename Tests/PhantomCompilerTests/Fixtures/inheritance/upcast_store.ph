// §5.4: storing a subclass into a parent-typed variable is an upcast that always passes
package .test;

class animal {
    string name() {
        return "animal";
    }
};

class cat extends animal {
    string name() {
        return "cat";
    }
};

class main {
    var boot;

    void show(var a : animal) {
        boot.16(a.name(), "\n");
    }

    void run(var b) [8] {
        var a : animal;
        var c : cat;
        boot = b;
        c = new cat();
        a = c;
        show(a); // expect: cat
        show(c); // expect: cat
    }
};

// §5.4: storing a parent-typed value into a subclass-typed variable emits a runtime cast (passes here)
package .test;

class animal {
};

class dog extends animal {
    string bark() {
        return "woof";
    }
};

class main {
    void run(var boot) [8] {
        var a : animal;
        var d : dog;
        a = new dog();
        d = a;
        boot.16(d.bark(), "\n"); // expect: woof
    }
};

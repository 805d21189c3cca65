// §7.1: dispatch is virtual by ordinal, also from a method of the parent
package .test;

class animal {
    string sound() {
        return "...";
    }

    string speak() {
        return sound().concat("!");
    }
};

class dog extends animal {
    string sound() {
        return "woof";
    }
};

class main {
    void run(var boot) [8] {
        var a : animal;
        var b : animal;
        a = new dog();
        b = new animal();
        boot.16(a.sound(), "\n"); // expect: woof
        boot.16(a.speak(), "\n"); // expect: woof!
        boot.16(b.speak(), "\n"); // expect: ...!
    }
};

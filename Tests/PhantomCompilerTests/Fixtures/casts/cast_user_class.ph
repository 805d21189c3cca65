// §5.3 (recommended): any known type is a cast, relative or absolute user class names included
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
        d = (dog) a;
        boot.16(d.bark(), "\n");         // expect: woof
        d = (.test.dog) a;
        boot.16(d.bark(), "\n");         // expect: woof
        boot.16(((dog) a).bark(), "\n"); // expect: woof
    }
};

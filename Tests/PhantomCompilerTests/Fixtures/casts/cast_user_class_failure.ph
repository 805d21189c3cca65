// §5.3: a downcast to the wrong class fails at runtime
package .test;

class animal {
};

class dog extends animal {
};

class cat extends animal {
};

class main {
    void run(var boot) [8] {
        var a : animal;
        var d : dog;
        a = new cat();
        boot.16("before\n"); // expect: before
        d = (dog) a;
        boot.16("after\n");
    }
};
// expect runtime error: cast to not parent

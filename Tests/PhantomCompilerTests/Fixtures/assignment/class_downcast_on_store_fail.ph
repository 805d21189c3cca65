// §5.4: the runtime cast on a downcasting store fails for the wrong class
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
        d = a;
    }
};
// expect runtime error: cast to not parent

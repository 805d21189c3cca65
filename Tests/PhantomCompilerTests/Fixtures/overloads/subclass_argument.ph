// §7.2: an exact class match wins; otherwise an ancestor parameter matches
package .test;

class animal {
};

class dog extends animal {
};

class cat extends animal {
};

class k {
    string f(var a : animal) {
        return "animal";
    }

    string f(var d : dog) {
        return "dog";
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.f(new dog()), "\n");    // expect: dog
        boot.16(x.f(new cat()), "\n");    // expect: animal
        boot.16(x.f(new animal()), "\n"); // expect: animal
    }
};

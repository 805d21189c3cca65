// §8: a catch of class T also catches subclasses of T
package .test;

class base_err {
};

class io_err extends base_err {
};

class main {
    void run(var boot) [8] {
        try {
            throw new io_err();
        } catch (base_err e) {
            boot.16("caught base\n"); // expect: caught base
        }
    }
};

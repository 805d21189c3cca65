// §8: an inner catch that does not match lets the outer one catch
package .test;

class base_err {
};

class io_err extends base_err {
};

class main {
    void run(var boot) [8] {
        try {
            try {
                throw new base_err();
            } catch (io_err e) {
                boot.16("inner\n");
            }
        } catch (base_err f) {
            boot.16("outer\n"); // expect: outer
        }
    }
};

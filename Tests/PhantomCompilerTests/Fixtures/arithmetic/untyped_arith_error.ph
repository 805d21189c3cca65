// §2 / §6.1: untyped values cannot be used in arithmetic
package .test;

class main {
    void t(var u) {
        var x : int;
        x = u + 1; // expect error: type
    }

    void run(var boot) [8] {
    }
};

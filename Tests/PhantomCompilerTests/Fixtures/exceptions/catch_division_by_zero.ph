// §8 / our VM: division by zero throws a catchable string
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        var z : int;
        try {
            x = 1 / z;
        } catch (string e) {
            boot.16(e, "\n"); // expect: division by zero
        }
    }
};

// §6.2: division by a zero int field throws
package .test;

class main {
    var z : int;

    void run(var boot) [8] {
        z = 0;
        boot.16(10 / z, "\n");
    }
};
// expect runtime error: division by zero

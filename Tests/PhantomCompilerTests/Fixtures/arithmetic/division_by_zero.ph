// §6.2 / our VM: int division by zero throws "division by zero"
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        var z : int;
        a = 5;
        boot.16("before\n"); // expect: before
        a = a / z;
        boot.16("after\n");
    }
};
// expect runtime error: division by zero

// §6.2 / our VM: int remainder by zero throws "division by zero"
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        var z : int;
        a = 5;
        a = a % z;
    }
};
// expect runtime error: division by zero

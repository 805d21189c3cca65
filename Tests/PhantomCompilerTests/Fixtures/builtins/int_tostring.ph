// INTERNAL §3: int toString is decimal
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        i = 2147483647;
        boot.16((0).toString(), "\n");   // expect: 0
        boot.16((-12).toString(), "\n"); // expect: -12
        boot.16(i.toString(), "\n");     // expect: 2147483647
    }
};

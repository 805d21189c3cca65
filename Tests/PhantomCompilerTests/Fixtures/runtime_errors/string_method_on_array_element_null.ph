// §6.4 / our VM: a named call >= 16 on a null element fails at run time ("no method")
package .test;

class main {
    void run(var boot) [8] {
        var s : string[];
        s = new string[]();
        s[1] = "x";
        boot.16(s[1].toInt(), "\n"); // expect: 0
        boot.16(s[0].toInt(), "\n");
    }
};
// expect runtime error: no method

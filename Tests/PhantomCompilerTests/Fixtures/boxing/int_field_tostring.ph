// §7.1: a named call on an int field
package .test;

class main {
    var n : int;

    void run(var boot) [8] {
        n = 123;
        boot.16(n.toString().length(), "\n"); // expect: 3
    }
};

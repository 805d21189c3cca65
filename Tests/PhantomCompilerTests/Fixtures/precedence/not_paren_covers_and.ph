// §12.14: !(a) && b = !(a && b); write (!a) && b to narrow the !
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        var b : int;
        a = 1;
        b = 0;
        boot.16(!(a) && b, "\n"); // expect: 1
        boot.16((!a) && b, "\n"); // expect: 0
        a = 0;
        b = 1;
        boot.16((!a) && b, "\n"); // expect: 1
    }
};

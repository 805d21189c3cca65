// §12.15: a+b=3 is a+(b=3): the assignment target is the preceding postfix chain
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        var b : int;
        var x : int;
        a = 1;
        x = a + b = 3;
        boot.16(x, "\n"); // expect: 4
        boot.16(b, "\n"); // expect: 3
    }
};

// §2: numbers are boxed as arguments and results and unboxed when computed with
package .test;

class main {
    int add1(var x : int) {
        return x + 1;
    }

    void run(var boot) [8] {
        var i : int;
        i = add1(add1(40));
        boot.16(i, "\n"); // expect: 42
    }
};

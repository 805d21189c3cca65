// §7: recursive calls
package .test;

class main {
    int fact(var n : int) {
        if (n <= 1) return 1;
        return n * fact(n - 1);
    }

    int fib(var n : int) {
        if (n < 2) return n;
        return fib(n - 1) + fib(n - 2);
    }

    void run(var boot) [8] {
        boot.16(fact(10), "\n"); // expect: 3628800
        boot.16(fib(15), "\n");  // expect: 610
    }
};

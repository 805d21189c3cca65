// fib.ph - naive recursive Fibonacci: fib(32) makes 7,049,155 calls. With an argument
// N, fib(N) instead (the runner's --quick mode). Same algorithm as fib.lua and fib.py.
package .bench;

import .internal.boot;

class fib {
    int fibonacci(var n : int) {
        if (n < 2) return n;
        return fibonacci(n - 1) + fibonacci(n - 2);
    }

    void run(var boot : .internal.boot) [8] {
        var args : string [];
        var n : int;
        n = 32;
        args = boot.arguments();
        if (args.size() > 0) n = args[0].toInt();
        boot.16("fib: fib(", n, ") = ", fibonacci(n), "\n");
    }
};

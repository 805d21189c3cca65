# fib.py - naive recursive Fibonacci: fib(32) makes 7,049,155 calls. With an argument
# N, fib(N) instead. Same algorithm as fib.ph and fib.lua.
import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


n = int(sys.argv[1]) if len(sys.argv) > 1 else 32
print(f"fib: fib({n}) = {fib(n)}")

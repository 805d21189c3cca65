# method.py - 10,000,000 virtual calls of a method that updates a field. The object is
# an Accumulator, which overrides Counter.add (Counter.add subtracts: a wrong dispatch
# shows in the result). With an argument N, N calls instead. Same algorithm as
# method.ph and method.lua.
import sys


class Counter:
    def __init__(self):
        self.total = 0

    def add(self, k):
        self.total = self.total - k

    def get(self):
        return self.total


class Accumulator(Counter):
    def add(self, k):
        self.total = self.total + k


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000000
    c = Accumulator()
    for i in range(n):
        c.add(i & 7)
    print(f"method: {n} calls, total = {c.get()}")


main()

# loop.py - a counted loop of 20,000,000 iterations adding the counter to a sum. With
# an argument N, N iterations instead. Same algorithm as loop.ph (which, having no for,
# counts with a while loop) and loop.lua.
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000000
    total = 0
    for i in range(n):
        total = total + i
    print(f"loop: {n} iterations, sum = {total}")


main()

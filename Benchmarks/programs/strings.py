# strings.py - builds 500,000 strings by concatenation, each "<" then ten words from a
# list of seven, each followed by ",", then ">" (the words chosen by the round and the
# position, so the strings differ), adds up their lengths and counts those equal to the
# string of round 0 (every seventh). With an argument N, N rounds instead. Same
# algorithm as strings.ph and strings.lua.
import sys

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"]


def build(round_):
    s = "<"
    for j in range(10):
        s = s + WORDS[(round_ + j) % 7] + ","
    return s + ">"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500000
    total = 0
    equal = 0
    first = build(0)
    for i in range(n):
        s = build(i)
        total = total + len(s)
        if s == first:
            equal = equal + 1
    print(f"strings: {n} strings, total length = {total}, equal = {equal}")


main()

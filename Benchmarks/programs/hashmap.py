# hashmap.py - 1,000,000 puts of distinct keys "k0", "k1", ... (value: the number)
# into a dict, then 1,000,000 gets of "k0", "k2", "k4", ... (keys made afresh): half
# of them hit. Prints the hits and the sum of the values found. With an argument N,
# N puts and N gets instead. Same algorithm as hashmap.ph and hashmap.lua.
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    table = {}
    for i in range(n):
        table[f"k{i}"] = i
    hits = 0
    total = 0
    for i in range(n):
        v = table.get(f"k{i * 2}")
        if v is not None:
            hits = hits + 1
            total = total + v
    print(f"hashmap: {n} puts, {n} gets, {hits} hits, sum = {total}")


main()

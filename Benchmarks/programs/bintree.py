# bintree.py - binary trees, as in the classic benchmark with maximum depth 16: one
# stretch tree of depth 17, one long-lived tree of depth 16 kept to the end, and for
# each depth d = 4, 6, ..., 16, 2^(20 - d) short-lived trees of depth d, each built
# bottom-up and walked to count its nodes. Prints the total of all counts. With an
# argument N, maximum depth N instead (at least 6). Same algorithm as bintree.ph and
# bintree.lua.
import sys


class Node:
    __slots__ = ("left", "right")

    def __init__(self, left=None, right=None):
        self.left = left
        self.right = right

    def check(self):
        """The number of nodes of the tree under this one, itself included."""
        if self.left is None:
            return 1
        return 1 + self.left.check() + self.right.check()


def make(depth):
    if depth > 0:
        return Node(make(depth - 1), make(depth - 1))
    return Node()


def main():
    min_depth = 4
    max_depth = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    if max_depth < min_depth + 2:
        max_depth = min_depth + 2
    total = make(max_depth + 1).check()
    long_lived = make(max_depth)
    for depth in range(min_depth, max_depth + 1, 2):
        iterations = 1 << (max_depth - depth + min_depth)
        for _ in range(iterations):
            total = total + make(depth).check()
    total = total + long_lived.check()
    print(f"bintree: depth {max_depth}, nodes checked = {total}")


main()

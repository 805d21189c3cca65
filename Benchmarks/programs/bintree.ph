// bintree.ph - binary trees, as in the classic benchmark with maximum depth 16: one
// stretch tree of depth 17, one long-lived tree of depth 16 kept to the end, and for
// each depth d = 4, 6, ..., 16, 2^(20 - d) short-lived trees of depth d, each built
// bottom-up and walked to count its nodes. Prints the total of all counts. With an
// argument N, maximum depth N instead (at least 6). Same algorithm as bintree.lua and
// bintree.py.
package .bench;

import .internal.boot;

class node {
    var left : node;
    var right : node;

    void node() { }

    void node(var l : node, var r : node) {
        left = l;
        right = r;
    }

    // The number of nodes of the tree under this one, itself included.
    int check() {
        if (left :== null) return 1;
        return 1 + left.check() + right.check();
    }
};

class bintree {
    node make(var depth : int) {
        if (depth > 0) return new node(make(depth - 1), make(depth - 1));
        return new node();
    }

    void run(var boot : .internal.boot) [8] {
        var args : string [];
        var minDepth : int;
        var maxDepth : int;
        var depth : int;
        var iterations : int;
        var i : int;
        var total : int;
        var longLived : node;
        minDepth = 4;
        maxDepth = 16;
        args = boot.arguments();
        if (args.size() > 0) maxDepth = args[0].toInt();
        if (maxDepth < minDepth + 2) maxDepth = minDepth + 2;
        total = make(maxDepth + 1).check();
        longLived = make(maxDepth);
        depth = minDepth;
        while (depth <= maxDepth) {
            iterations = 1;
            i = 0;
            while (i < maxDepth - depth + minDepth) {
                iterations = iterations * 2;
                i = i + 1;
            }
            i = 0;
            while (i < iterations) {
                total = total + make(depth).check();
                i = i + 1;
            }
            depth = depth + 2;
        }
        total = total + longLived.check();
        boot.16("bintree: depth ", maxDepth, ", nodes checked = ", total, "\n");
    }
};

// hashmap.ph - 1,000,000 puts of distinct keys "k0", "k1", ... (value: the number)
// into a hash map, then 1,000,000 gets of "k0", "k2", "k4", ... (keys made afresh, so
// lookups compare bytes): half of them hit. Prints the hits and the sum of the values
// found. With an argument N, N puts and N gets instead. Same algorithm as hashmap.lua
// (a table) and hashmap.py (a dict).
//
// The map is the VM's native .internal.directory, the peer of a Lua table and a Python
// dict (string keys, any values, open addressing; Containers.swift).
package .bench;

import .internal.boot;
import .internal.long;
import .internal.directory;

class hashbench {
    void run(var boot : .internal.boot) [8] {
        var args : string [];
        var n : int;
        var i : int;
        var hits : int;
        var sum : .internal.long;
        var map : .internal.directory;
        var v : .internal.object;
        n = 1000000;
        args = boot.arguments();
        if (args.size() > 0) n = args[0].toInt();
        map = new .internal.directory();
        i = 0;
        while (i < n) {
            map.put(("k").concat(i.toString()), i);
            i = i + 1;
        }
        i = 0;
        while (i < n) {
            v = map.get(("k").concat((i * 2).toString()));
            if (v :!= null) {
                hits = hits + 1;
                sum = sum + ((int) v);
            }
            i = i + 1;
        }
        boot.16("hashmap: ", n, " puts, ", n, " gets, ", hits, " hits, sum = ", sum, "\n");
    }
};

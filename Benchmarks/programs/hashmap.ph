// hashmap.ph - 1,000,000 puts of distinct keys "k0", "k1", ... (value: the number)
// into a hash map, then 1,000,000 gets of "k0", "k2", "k4", ... (keys made afresh, so
// lookups compare bytes): half of them hit. Prints the hits and the sum of the values
// found. With an argument N, N puts and N gets instead. Same algorithm as hashmap.lua
// (a table) and hashmap.py (a dict).
//
// The map is the library's .phantom.util.hashmap (chained buckets, in Phantom code).
// The VM's native .internal.directory would be the natural peer of a Lua table, but with
// these keys it is quadratic: its PJW hash, masked to the low bits, sends "k0".."k39999"
// to 11,000 of 65,536 slots, and linear probing then walks clusters of hundreds of keys
// (40,000 puts and gets take 8 s, 1,000,000 would take hours).
package .bench;

import .internal.boot;
import .internal.long;
import .phantom.util.hashmap;

class hashbench {
    void run(var boot : .internal.boot) [8] {
        var args : string [];
        var n : int;
        var i : int;
        var hits : int;
        var sum : .internal.long;
        var map : .phantom.util.hashmap;
        var v : .internal.object;
        n = 1000000;
        args = boot.arguments();
        if (args.size() > 0) n = args[0].toInt();
        map = new .phantom.util.hashmap();
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

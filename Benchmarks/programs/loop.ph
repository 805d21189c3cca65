// loop.ph - a counted loop of 20,000,000 iterations adding the counter to a sum. The
// sum is a long (64 bits, like Lua's integers; an int would wrap). With an argument N,
// N iterations instead. Same algorithm as loop.lua and loop.py.
package .bench;

import .internal.boot;
import .internal.long;

class loop {
    void run(var boot : .internal.boot) [8] {
        var args : string [];
        var n : int;
        var i : int;
        var sum : .internal.long;
        n = 20000000;
        args = boot.arguments();
        if (args.size() > 0) n = args[0].toInt();
        sum = 0;
        i = 0;
        while (i < n) {
            sum = sum + i;
            i = i + 1;
        }
        boot.16("loop: ", n, " iterations, sum = ", sum, "\n");
    }
};

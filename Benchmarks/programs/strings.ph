// strings.ph - builds 500,000 strings by concatenation, each "<" then ten words from a
// list of seven, each followed by ",", then ">" (the words chosen by the round and the
// position, so the strings differ), adds up their lengths and counts those equal to the
// string of round 0 (every seventh). With an argument N, N rounds instead. Same
// algorithm as strings.lua and strings.py.
package .bench;

import .internal.boot;

class strings {
    var words : string [];

    string build(var round : int) {
        var s : string;
        var j : int;
        s = "<";
        j = 0;
        while (j < 10) {
            s = s.concat(words[(round + j) % 7]).concat(",");
            j = j + 1;
        }
        return s.concat(">");
    }

    void run(var boot : .internal.boot) [8] {
        var args : string [];
        var n : int;
        var i : int;
        var total : int;
        var equal : int;
        var first : string;
        var s : string;
        n = 500000;
        args = boot.arguments();
        if (args.size() > 0) n = args[0].toInt();
        words = new string[]();
        words[0] = "alpha";
        words[1] = "beta";
        words[2] = "gamma";
        words[3] = "delta";
        words[4] = "epsilon";
        words[5] = "zeta";
        words[6] = "eta";
        first = build(0);
        i = 0;
        while (i < n) {
            s = build(i);
            total = total + s.length();
            if (s == first) equal = equal + 1;
            i = i + 1;
        }
        boot.16("strings: ", n, " strings, total length = ", total, ", equal = ", equal, "\n");
    }
};

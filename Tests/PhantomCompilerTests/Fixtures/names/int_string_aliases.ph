// §2 / Q10: int is .internal.int and string is .internal.string
package .test;

class main {
    var boot;

    void show(var x : int) {
        boot.16(x, "\n");
    }

    void run(var b) [8] {
        var i : .internal.int;
        var j : int;
        var s : .internal.string;
        var t : string;
        boot = b;
        i = 5;
        j = i + 1;
        s = "x";
        t = s;
        show(i);              // expect: 5
        boot.16(j, "\n");     // expect: 6
        boot.16(t.concat(s), "\n"); // expect: xx
    }
};

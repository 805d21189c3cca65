// §9: .internal.object, .internal.int and .internal.string are auto-imported
package .test;

class main {
    void run(var boot) [8] {
        var o : .internal.object;
        var i : .internal.int;
        var s : .internal.string;
        i = 3;
        s = "s";
        o = s;
        boot.16(o, i, "\n"); // expect: s3
    }
};

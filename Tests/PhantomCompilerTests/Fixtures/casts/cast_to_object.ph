// Q5: (.internal.object) is a cast (an upcast that always passes)
package .test;

class main {
    void run(var boot) [8] {
        var o : .internal.object;
        var s : string;
        s = "up";
        o = (.internal.object) s;
        boot.16(o, "\n"); // expect: up
        o = (internal.object) s;
        boot.16(o, "\n"); // expect: up
    }
};

// INTERNAL §3.1: concat returns a new string; the original is unchanged
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        var t : string;
        s = "foo";
        t = s.concat("bar");
        boot.16(t, "\n");            // expect: foobar
        boot.16(s, "\n");            // expect: foo
        boot.16(t.concat(""), "\n"); // expect: foobar
    }
};

// §12.35 / §7.1: i.toString() on a numeric local works (receivers travel as objects)
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        var s : string;
        i = 42;
        s = i.toString();
        boot.16(s, "\n");          // expect: 42
        boot.16(s.length(), "\n"); // expect: 2
    }
};

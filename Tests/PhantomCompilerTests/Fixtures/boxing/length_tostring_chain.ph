// §7.3 / Q15: a call directly on a call result of a native class works: s.length().toString()
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "abc";
        boot.16(s.length().toString(), "\n"); // expect: 3
        boot.16(s.length().toString().concat("x"), "\n"); // expect: 3x
    }
};

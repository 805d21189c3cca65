// §7.1: an ordinal call's result is untyped, so a named call on it is an error
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "abc";
        boot.16(s.10("d").length(), "\n"); // expect error: type
    }
};

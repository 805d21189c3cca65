// §12.23: s = o from an untyped value inserts a runtime cast, which passes for a string
package .test;

class main {
    var boot;

    void t(var o) {
        var s : string;
        s = o;
        boot.16(s.concat("!"), "\n");
    }

    void run(var b) [8] {
        boot = b;
        t("ok"); // expect: ok!
    }
};

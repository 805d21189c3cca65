// §7.2: literal, local and call-result strings all match a string parameter
package .test;

class main {
    string wrap(var s : string) {
        return ("[").concat(s).concat("]");
    }

    void run(var boot) [8] {
        var t : string;
        t = "local";
        boot.16(wrap("lit"), "\n");       // expect: [lit]
        boot.16(wrap(t), "\n");           // expect: [local]
        boot.16(wrap(wrap("x")), "\n");   // expect: [[x]]
    }
};

// §12.22 / §6.2: strings have no operators; s + "x" is a compile error
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        var t : string;
        s = "a";
        t = s + "x"; // expect error: type
    }
};

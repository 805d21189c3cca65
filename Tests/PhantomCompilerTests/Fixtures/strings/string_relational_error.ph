// §6.2: < on strings is a compile error
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        var t : string;
        s = "a";
        t = "b";
        if (s < t) boot.16("less\n"); // expect error: type
    }
};

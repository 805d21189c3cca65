// Q11 / §6.2: == on strings compares contents (equals), :== compares identity
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        var t : string;
        s = "abc";
        t = ("ab").concat("c");
        boot.16(s == t, "\n");      // expect: 1
        boot.16(s :== t, "\n");     // expect: 0
        boot.16(s == "abd", "\n");  // expect: 0
        boot.16(s :== s, "\n");     // expect: 1
        if (s != t) boot.16("different\n"); else boot.16("same\n"); // expect: same
    }
};

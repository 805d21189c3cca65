// §6.2: == on strings calls string equals (same bytes)
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = ("ab").concat("c");
        boot.16(s == "abc", "\n"); // expect: 1
        boot.16("abc" == s, "\n"); // expect: 1
        boot.16(s == "ABC", "\n"); // expect: 0
        boot.16(s == "ab", "\n");  // expect: 0
    }
};

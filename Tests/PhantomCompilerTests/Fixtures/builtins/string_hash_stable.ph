// Appendix A: hashCode (ordinal 15) of equal strings is equal
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        var t : string;
        s = "same";
        t = ("sa").concat("me");
        if (((int) s.15()) == ((int) t.15())) boot.16("equal hashes\n"); // expect: equal hashes
    }
};

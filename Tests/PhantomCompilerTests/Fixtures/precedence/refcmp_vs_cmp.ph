// §5.2: :== binds tighter than ==, and looser than +
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        var t : string;
        s = "a";
        t = "b";
        boot.16(s :== t == 0, "\n");       // expect: 1
        boot.16(null :== null == 1, "\n"); // expect: 1
    }
};

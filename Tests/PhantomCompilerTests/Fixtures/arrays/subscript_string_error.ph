// §7.6: a string cannot be subscripted (use charAt)
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        var x : int;
        s = "abc";
        x = s[0]; // expect error: subscript
    }
};

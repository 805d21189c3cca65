// §6.1: && on a string is a compile error
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        var x : int;
        s = "a";
        x = s && 1; // expect error: type
    }
};

// §12.21: x :== 5 is false (here x holds a different value, so it is false whatever the boxing)
package .test;

class main {
    var f : int;

    void run(var boot) [8] {
        var x : int;
        var s : string;
        x = 7;
        f = 7;
        s = "5";
        boot.16(x :== 5, "\n"); // expect: 0
        boot.16(f :== 5, "\n"); // expect: 0
        boot.16(s :== 5, "\n"); // expect: 0
        boot.16(s == 5, "\n");  // expect: 0
    }
};

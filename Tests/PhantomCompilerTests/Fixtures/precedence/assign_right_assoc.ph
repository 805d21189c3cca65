// §5.4: assignment is right-associative and its value is the stored value: a = b = 5
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        var b : int;
        var c : int;
        a = b = c = 7;
        boot.16(a, b, c, "\n"); // expect: 777
    }
};

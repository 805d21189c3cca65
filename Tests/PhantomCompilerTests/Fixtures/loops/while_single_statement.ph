// §4: a while body may be a single statement
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        while (i < 4) i = i + 1;
        boot.16(i, "\n"); // expect: 4
    }
};

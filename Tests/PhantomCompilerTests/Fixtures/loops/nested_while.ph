// §4: nested while loops
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        var j : int;
        var sum : int;
        i = 1;
        while (i <= 3) {
            j = 1;
            while (j <= 3) {
                sum = sum + i * j;
                j = j + 1;
            }
            i = i + 1;
        }
        boot.16(sum, "\n"); // expect: 36
    }
};

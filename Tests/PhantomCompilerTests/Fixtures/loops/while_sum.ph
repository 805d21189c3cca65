// §4: while loop
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        var sum : int;
        i = 1;
        while (i <= 10) {
            sum = sum + i;
            i = i + 1;
        }
        boot.16(sum, "\n"); // expect: 55
    }
};

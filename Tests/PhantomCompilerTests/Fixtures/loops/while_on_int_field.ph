// Q4: while (i) on an int field unboxes it without a check
package .test;

class main {
    var n : int;
    var count : int;

    void run(var boot) [8] {
        n = 3;
        count = 0;
        while (n) {
            n = n - 1;
            count = count + 1;
        }
        boot.16(count, "\n"); // expect: 3
    }
};

// §4: without ';' after while (c), the next statement becomes the second part of the loop
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        do { i = i + 1; } while (i < 3)
        boot.16(i, "\n");
        // expect: 1
        // expect: 2
        boot.16("end\n"); // expect: end
    }
};

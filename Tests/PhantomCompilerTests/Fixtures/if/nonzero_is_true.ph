// §4: conditions take an int; any non-zero value is true
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = -1;
        if (x) boot.16("minus one\n");       // expect: minus one
        if (2) boot.16("two\n");             // expect: two
        if (0x80000000) boot.16("min int\n"); // expect: min int
        x = 0;
        if (x) boot.16("zero\n");
    }
};

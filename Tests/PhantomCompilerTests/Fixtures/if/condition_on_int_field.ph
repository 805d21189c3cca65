// Q4: an int field in a condition is unboxed without a check
package .test;

class main {
    var debug : int;

    void run(var boot) [8] {
        debug = 1;
        if (debug) boot.16("on\n"); // expect: on
        debug = 0;
        if (debug) boot.16("off\n");
        boot.16("done\n"); // expect: done
    }
};

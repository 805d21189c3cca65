// §5.4: an assignment's value is the stored value
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        boot.16(x = 7, "\n"); // expect: 7
        boot.16(x, "\n");     // expect: 7
        if (x = 0) boot.16("true\n"); else boot.16("false\n"); // expect: false
    }
};

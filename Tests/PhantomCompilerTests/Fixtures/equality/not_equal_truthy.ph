// §12.20 / Q18: (a != b) on int locals is only truthy (its value is not defined beyond zero / non-zero)
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        var b : int;
        a = 3;
        b = 5;
        if (a != b) boot.16("differ\n"); // expect: differ
        b = 3;
        if (a != b) boot.16("differ again\n");
        else boot.16("equal\n"); // expect: equal
    }
};

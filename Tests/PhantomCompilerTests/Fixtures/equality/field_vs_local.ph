// §6.2: == with one operand on the object stack uses equals
package .test;

class main {
    var f : int;

    void run(var boot) [8] {
        var l : int;
        f = 12;
        l = 12;
        boot.16(f == l, "\n"); // expect: 1
        l = 13;
        boot.16(f == l, "\n"); // expect: 0
        if (f != l) boot.16("f != l\n"); // expect: f != l
    }
};

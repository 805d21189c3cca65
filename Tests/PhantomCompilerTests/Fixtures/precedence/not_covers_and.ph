// §12.14: prefix ! covers the whole rest of the && / || expression: !x && y = !(x && y)
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        var y : int;
        x = 0;
        y = 0;
        boot.16(!x && y, "\n"); // expect: 1
        boot.16(!0 || 1, "\n"); // expect: 0
        if (!x && y) boot.16("taken\n"); // expect: taken
    }
};

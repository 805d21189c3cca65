// §12.29: case expressions may be non-constant; they are tested in source order
package .test;

class main {
    void run(var boot) [8] {
        var a : int;
        var b : int;
        var x : int;
        a = 2;
        b = 5;
        x = 5;
        switch (x) {
        case a: boot.16("a\n"); break;
        case a + 3: boot.16("a+3\n"); break; // expect: a+3
        case b: boot.16("b\n"); break;
        }
    }
};

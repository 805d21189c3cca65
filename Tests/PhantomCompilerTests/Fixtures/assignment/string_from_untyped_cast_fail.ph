// §12.23: s = o from an untyped value inserts a runtime cast, which fails for an int
package .test;

class main {
    void t(var o) {
        var s : string;
        s = o;
    }

    void run(var boot) [8] {
        boot.16("start\n"); // expect: start
        t(5);
    }
};
// expect runtime error: cast to not parent

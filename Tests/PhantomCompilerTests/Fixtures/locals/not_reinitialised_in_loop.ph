// §4: locals are never re-initialised inside loops
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        while (i < 3) {
            var k : int;
            k = k + 10;
            i = i + 1;
        }
        boot.16(k, "\n"); // expect: 30
    }
};

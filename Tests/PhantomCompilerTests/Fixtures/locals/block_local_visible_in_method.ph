// §4: a variable declared in a block is visible everywhere in the method, even if the block never runs
package .test;

class main {
    void run(var boot) [8] {
        if (0) {
            var z : int;
        }
        z = 3;
        boot.16(z, "\n"); // expect: 3
    }
};

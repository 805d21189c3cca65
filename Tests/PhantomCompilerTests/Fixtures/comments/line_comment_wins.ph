// §1: //*/ starts a line comment (longest match at the first /)
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 8 //**/ 100 +
            / 2;
        boot.16(x, "\n"); // expect: 4
    }
};

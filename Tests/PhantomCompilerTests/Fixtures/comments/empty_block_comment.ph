// §12.3: /**/ is a complete, valid comment
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        /**/
        x = 1 /**/ + /**/ 2;
        boot.16(x, "\n"); // expect: 3
    }
};

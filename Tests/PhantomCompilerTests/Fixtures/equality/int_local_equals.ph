// §12.20: intLocal == 3 (subtraction path) gives 1
package .test;

class main {
    void run(var boot) [8] {
        var l : int;
        l = 3;
        boot.16(l == 3, "\n"); // expect: 1
        boot.16(l == 4, "\n"); // expect: 0
    }
};

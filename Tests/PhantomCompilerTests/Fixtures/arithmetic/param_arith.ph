// §7.4: int parameters are object slots, unboxed in arithmetic
package .test;

class main {
    int sq(var x : int) {
        return x * x;
    }

    int sub(var a : int, var b : int) {
        return a - b;
    }

    void run(var boot) [8] {
        boot.16(sq(-4), "\n");     // expect: 16
        boot.16(sub(3, 10), "\n"); // expect: -7
    }
};

// §3.3: parameters occupy local slots 0..n-1 in order
package .test;

class main {
    int pick(var a : int, var b : int, var c : int, var d : int, var e : int) {
        return a * 10000 + b * 1000 + c * 100 + d * 10 + e;
    }

    void run(var boot) [8] {
        boot.16(pick(1, 2, 3, 4, 5), "\n"); // expect: 12345
    }
};

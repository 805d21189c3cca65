// §7: methods of one class may call each other regardless of order
package .test;

class main {
    int isEven(var n : int) {
        if (n == 0) return 1;
        return isOdd(n - 1);
    }

    int isOdd(var n : int) {
        if (n == 0) return 0;
        return isEven(n - 1);
    }

    void run(var boot) [8] {
        boot.16(isEven(10), isOdd(7), isEven(3), "\n"); // expect: 110
    }
};

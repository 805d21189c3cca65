// §7.4: int fields are stored boxed and unboxed for arithmetic
package .test;

class main {
    var count : int;

    void run(var boot) [8] {
        count = 0;
        count = count + 5;
        count = count * 3;
        boot.16(count, "\n");      // expect: 15
        boot.16(count == 15, "\n"); // expect: 1
    }
};

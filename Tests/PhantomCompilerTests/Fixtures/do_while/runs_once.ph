// §4: the first part of a do loop runs before the condition is tested
package .test;

class main {
    void run(var boot) [8] {
        var n : int;
        do {
            n = n + 1;
        } while (0);
        boot.16(n, "\n"); // expect: 1
    }
};

// §5.2: bitwise | and & bind tighter than * / and + -
package .test;

class main {
    void run(var boot) [8] {
        boot.16(2 * 3 & 1, "\n"); // expect: 2
        boot.16(8 / 2 & 3, "\n"); // expect: 4
        boot.16(1 - 2 | 1, "\n"); // expect: -2
        boot.16(3 + 4 & 2, "\n"); // expect: 3
    }
};

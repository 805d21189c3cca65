// §2: an untyped field holds any object
package .test;

class main {
    var u;

    void run(var boot) [8] {
        u = "text";
        boot.16(u, "\n"); // expect: text
        u = new int[]();
        boot.16(u, "\n"); // expect: array
    }
};

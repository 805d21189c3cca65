// §12.33: new int[]() creates an empty array of class .internal.container.array
package .test;

class main {
    void run(var boot) [8] {
        var a : int[];
        a = new int[]();
        boot.16(a, "\n");      // expect: array
        boot.16(a.12(), "\n"); // expect: 0
    }
};

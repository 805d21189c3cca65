// §2: without the import, (long) x gives an untyped value, which cannot take part in arithmetic
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        i = ((long) 5) + 1; // expect error: type
    }
};

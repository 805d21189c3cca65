// §5.4: a literal cannot be assigned
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        5 = x; // expect error: expected
    }
};

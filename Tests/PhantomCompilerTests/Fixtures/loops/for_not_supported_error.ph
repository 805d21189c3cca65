// §4: there is no for statement
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        for (i = 0; i < 3; i = i + 1) { } // expect error: expected
    }
};

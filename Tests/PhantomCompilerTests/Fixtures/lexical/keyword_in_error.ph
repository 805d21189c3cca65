// §12.4: 'in' is reserved (used by foreach) and cannot name a variable
package .test;

class main {
    void run(var boot) [8] {
        var in : int; // expect error: expected
    }
};

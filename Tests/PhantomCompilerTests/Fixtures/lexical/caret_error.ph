// §1: '^' is lexed but no grammar rule accepts it
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 6 ^ 3; // expect error: expected
    }
};

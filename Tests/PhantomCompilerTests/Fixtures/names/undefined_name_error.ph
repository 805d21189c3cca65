// §9: using an unknown name is an error
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = y + 1; // expect error: not defined
    }
};

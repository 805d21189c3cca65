// §5.2: f(1)(2) is an error
package .test;

class main {
    int f(var x : int) {
        return x;
    }

    void run(var boot) [8] {
        var y : int;
        y = f(1)(2); // expect error: call
    }
};

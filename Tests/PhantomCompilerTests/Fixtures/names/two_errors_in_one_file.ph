// several independent errors in one file are all reported, each at its own line
package .test;

class main {
    void a() {
        var x : int;
        x = undefined1; // expect error: not defined
    }

    void b() {
        var y : int;
        y = undefined2; // expect error: not defined
    }

    void run(var boot) [8] {
    }
};

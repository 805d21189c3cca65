// §3.1: an empty class compiles and can be instantiated
package .test;

class e {
};

class main {
    void run(var boot) [8] {
        var x : e;
        x = new e();
        if (x :!= null) boot.16("made\n"); // expect: made
    }
};

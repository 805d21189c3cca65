// §10.3 extension: a dynamic call to a name the class does not have fails at run time
package .test;

class greeter {
    int one() { return 1; }
};

class main {
    void run(var boot) [8] {
        var g : greeter;
        g = new greeter();
        boot.16("before", "\n");   // expect: before
        g.*("two")();              // expect runtime error: dynamic invoke
    }
};

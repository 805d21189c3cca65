// §7.1: ordinal calls work on typed receivers too, and reach the same methods as named calls
package .test;

class k {
    string hello(var name : string) [20] {
        return ("hi ").concat(name);
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.20("bob"), "\n");     // expect: hi bob
        boot.16(x.hello("amy"), "\n");  // expect: hi amy
    }
};

// §7.2: without the opt-in extension an int does not fit a string parameter
package .test;

class printer {
    void print(var s : string) { }
};

class main {
    void run(var boot) [8] {
        var p : printer;
        p = new printer();
        p.print(42); // expect error: takes arguments
    }
};

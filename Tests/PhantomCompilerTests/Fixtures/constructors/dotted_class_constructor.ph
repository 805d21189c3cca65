// §12.8: class os.time has the constructor time()
package .phantom;

class os.time {
    var t : int;

    void time() {
        t = 7;
    }

    int get() {
        return t;
    }
};

class main {
    void run(var boot) [8] {
        var x : os.time;
        x = new os.time();
        boot.16(x.get(), "\n"); // expect: 7
    }
};

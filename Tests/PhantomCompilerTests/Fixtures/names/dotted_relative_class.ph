// §12.8: class os.time in package .phantom defines .phantom.os.time
package .phantom;

class os.time {
    int v() {
        return 9;
    }
};

class main {
    void run(var boot) [8] {
        var t : os.time;
        var u : .phantom.os.time;
        t = new os.time();
        u = new .phantom.os.time();
        boot.16(t, "\n");     // expect: (.phantom.os.time)
        boot.16(u.v(), "\n"); // expect: 9
    }
};

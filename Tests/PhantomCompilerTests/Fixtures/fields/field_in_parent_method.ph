// §5.4: name lookup finds fields of the extends chain from a subclass method
package .test;

class base {
    var count : int;

    void reset() {
        count = 10;
    }
};

class sub extends base {
    int next() {
        count = count + 1;
        return count;
    }
};

class main {
    void run(var boot) [8] {
        var s : sub;
        s = new sub();
        s.reset();
        s.next();
        boot.16(s.next(), "\n"); // expect: 12
    }
};

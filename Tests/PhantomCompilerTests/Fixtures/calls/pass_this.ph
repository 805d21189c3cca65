// §5.4: this can be passed as an argument (here to a parameter of a parent type) and called back virtually
package .test;

class asker {
    int answer() {
        return 0;
    }
};

class helper {
    int ask(var m : asker) {
        return m.answer() + 1;
    }
};

class main extends asker {
    int answer() {
        return 41;
    }

    void run(var boot) [8] {
        var h : helper;
        h = new helper();
        boot.16(h.ask(this), "\n"); // expect: 42
    }
};

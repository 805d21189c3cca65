// method.ph - 10,000,000 virtual calls of a method that updates a field. The object is
// an accumulator, which overrides counter.add; it is called through a variable of type
// counter, so the call must dispatch on the object's class (counter.add subtracts:
// a wrong dispatch shows in the result). With an argument N, N calls instead. Same
// algorithm as method.lua and method.py.
package .bench;

import .internal.boot;

class counter {
    var total : int;

    void counter() { total = 0; }

    void add(var k : int) { total = total - k; }

    int get() { return total; }
};

class accumulator extends counter {
    void add(var k : int) { total = total + k; }
};

class method {
    void run(var boot : .internal.boot) [8] {
        var args : string [];
        var n : int;
        var i : int;
        var c : counter;
        n = 10000000;
        args = boot.arguments();
        if (args.size() > 0) n = args[0].toInt();
        c = new accumulator();
        i = 0;
        while (i < n) {
            c.add(i & 7);
            i = i + 1;
        }
        boot.16("method: ", n, " calls, total = ", c.get(), "\n");
    }
};

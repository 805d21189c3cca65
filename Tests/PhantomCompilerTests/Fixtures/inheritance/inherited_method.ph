// §7.2: a method not found in the receiver's class is looked up in the extends parent
package .test;

class base {
    int twice(var x : int) {
        return x * 2;
    }
};

class sub extends base {
    int thrice(var x : int) {
        return x * 3;
    }
};

class main {
    void run(var boot) [8] {
        var s : sub;
        s = new sub();
        boot.16(s.twice(5), s.thrice(5), "\n"); // expect: 1015
    }
};

// §12.9 / §3.5: the child's own constructor also needs the parent's no-argument constructor
package .test;

class base {
    var v : int;

    void base(var a : int) {
        v = a;
    }
};

class sub extends base {
    void sub() { } // expect error: constructor
};

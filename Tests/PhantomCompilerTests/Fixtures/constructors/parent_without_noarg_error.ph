// §12.9: a subclass of a class whose only constructor is X(var a) is an error (default constructor case)
package .test;

class base {
    var v : int;

    void base(var a : int) {
        v = a;
    }
};

class sub extends base { }; // expect error: constructor

// §1: longest match, so words that merely start with a keyword are identifiers
package .test;

class main {
    void run(var boot) [8] {
        var newx : int;
        var iffy : int;
        var classy : int;
        var in2 : int;
        var dox : int;
        var nulls : int;
        var this_ : int;
        var varx : int;
        newx = 1;
        iffy = 2;
        classy = 3;
        in2 = 4;
        dox = 5;
        nulls = 6;
        this_ = 7;
        varx = 8;
        boot.16(newx + iffy + classy + in2 + dox + nulls + this_ + varx, "\n"); // expect: 36
    }
};

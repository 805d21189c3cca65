// Regression (found compiling the original's phantom.osimpl): an untyped value, such as
// an ordinal call's result, could not be stored into an int local; it is cast to int at
// run time and unboxed (§5.4), as a store into an int field already was.
package .test;

class main {
    var o;

    void run(var boot) [8] {
        var env : void [];
        var size : int;
        env = new void[]();
        env[0] = "a";
        env[1] = "b";
        size = env.12();
        boot.16(size + 1, "\n"); // expect: 3
        o = "text";
        size = o;                // expect runtime error: cast to not parent
    }
};

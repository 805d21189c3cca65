// §7.6: subscripting something that is not an array (or untyped) is an error
package .test;

class main {
    void run(var boot) [8] {
        var i : int;
        var x : int;
        x = i[0]; // expect error: subscript
    }
};

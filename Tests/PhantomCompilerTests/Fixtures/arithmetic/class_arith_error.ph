// §6.1: class-typed operands in arithmetic are compile errors
package .test;

class pt {
};

class main {
    void run(var boot) [8] {
        var p : pt;
        var x : int;
        p = new pt();
        x = p * 2; // expect error: type
    }
};

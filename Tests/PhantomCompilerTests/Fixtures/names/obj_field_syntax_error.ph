// §3.3: there is no obj.field syntax; fields are bare names inside methods
package .test;

class pt {
    var x : int;
};

class main {
    void run(var boot) [8] {
        var p : pt;
        p = new pt();
        boot.16(p.x, "\n"); // expect error: expected
    }
};

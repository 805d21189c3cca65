// §7.5: new with no matching constructor is an error
package .test;

class pt {
    void pt(var x : int) {
    }
};

class main {
    void run(var boot) [8] {
        var p : pt;
        p = new pt("x"); // expect error: constructor
    }
};

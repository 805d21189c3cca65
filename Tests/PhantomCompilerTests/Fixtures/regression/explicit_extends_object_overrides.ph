// Regression: with an explicit `extends .internal.object`, toString() must override
// ordinal 5 (§3.4); the chain searched for overrides did not include .internal.object.
package .test;

class k extends .internal.object {
    string toString() { return "custom"; }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.5(), "\n"); // expect: custom
    }
};

// §3.4: with an explicit extends .internal.object, toString() overrides ordinal 5
package .test;

class k extends .internal.object {
    string toString() {
        return "custom";
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.5(), "\n");        // expect: custom
        boot.16(x.toString(), "\n"); // expect: custom
    }
};

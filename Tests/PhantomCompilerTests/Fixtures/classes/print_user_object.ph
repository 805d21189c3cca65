// our VM: printing a user object shows its class name in parentheses
package .test;

class pt {
};

class main {
    void run(var boot) [8] {
        var p : pt;
        p = new pt();
        boot.16(p, "\n");       // expect: (.test.pt)
        boot.16(new pt(), "\n"); // expect: (.test.pt)
    }
};

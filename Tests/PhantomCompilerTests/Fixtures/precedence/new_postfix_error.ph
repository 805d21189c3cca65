// §12.18 / §5.2: new cannot take a postfix without parentheses
package .test;

class k {
    int v() {
        return 1;
    }
};

class main {
    void run(var boot) [8] {
        var x : int;
        x = new k().v(); // expect error: expected
    }
};

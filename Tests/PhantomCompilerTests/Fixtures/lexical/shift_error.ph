// §1: '<<' is two '<' tokens, so shifts do not parse
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 1 << 2; // expect error: expected
    }
};

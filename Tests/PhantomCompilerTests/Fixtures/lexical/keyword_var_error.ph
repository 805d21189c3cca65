// §12.4: 'var' is reserved and cannot name a variable
package .test;

class main {
    void run(var boot) [8] {
        var var : int; // expect error: expected
    }
};

// §6.2: ! gives int 0/1
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 42;
        boot.16(!x, "\n");  // expect: 0
        boot.16(!0, "\n");  // expect: 1
        // a space is needed here: !- would be a lexical error
        boot.16(! -1, "\n"); // expect: 0
        boot.16(!!x, "\n"); // expect: 1
    }
};

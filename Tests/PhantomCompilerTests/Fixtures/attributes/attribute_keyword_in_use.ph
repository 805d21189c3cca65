// §3.2: a use may also be introduced by the keyword attribute instead of @
package .test;

class main {
    var a : int attribute const;

    void run(var boot) [8] {
        a = 1;
        boot.16(a, "\n"); // expect: 1
    }
};

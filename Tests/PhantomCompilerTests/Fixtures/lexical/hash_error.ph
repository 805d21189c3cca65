// §1: '#' is a fatal lexical error
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x = 1 # 2; // expect error: lexical
    }
};

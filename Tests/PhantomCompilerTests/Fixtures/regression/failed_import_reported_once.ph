// Regression (seen compiling the original's hashmap without hashpair): a class whose
// import failed was reported again at every use; the import's error is enough.
package .test;

import .no.such.pair; // expect error: cannot find class

class main {
    var first : .no.such.pair;
    .no.such.pair get() { return first; }
    void run(var boot) [8] {
        var p : .no.such.pair;
        p = new .no.such.pair();
    }
};

// §12.4: 'public' is reserved (it has no grammar use) and cannot name a variable
package .test;

class main {
    void run(var boot) [8] {
        var public : int; // expect error: expected
    }
};

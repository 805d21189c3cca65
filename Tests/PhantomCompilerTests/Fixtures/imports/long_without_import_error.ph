// §12.25: var x : .internal.long; without the import is an error
package .test;

class main {
    void run(var boot) [8] {
        var x : .internal.long; // expect error: not defined
    }
};

// §9: only object, int and string are auto-imported; .internal.directory must be imported
package .test;

class main {
    void run(var boot) [8] {
        var d : .internal.directory; // expect error: not defined
    }
};

// §12.25 / §9: .internal.double exists only if imported
package .test;

class main {
    void run(var boot) [8] {
        var d : .internal.double; // expect error: not defined
    }
};

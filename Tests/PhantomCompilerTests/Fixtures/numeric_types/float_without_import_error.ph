// §12.25 / §9: .internal.float exists only if imported
package .test;

class main {
    void run(var boot) [8] {
        var f : .internal.float; // expect error: not defined
    }
};

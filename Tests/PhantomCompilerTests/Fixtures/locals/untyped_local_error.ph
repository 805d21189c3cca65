// §4: a local needs a type; var x; as a local is an error
package .test;

class main {
    void run(var boot) [8] {
        var x; // expect error: type
    }
};

// §3.2: in an attribute use, ->! and !-> are errors
package .test;

class main {
    var a : int @const ->!; // expect error: attribute

    void run(var boot) [8] {
    }
};

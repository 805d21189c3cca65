// §1: \0 is not one of the five escapes, so it is an error
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "\0"; // expect error: escape
    }
};

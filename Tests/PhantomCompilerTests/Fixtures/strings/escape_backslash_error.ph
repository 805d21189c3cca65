// §12.2: "\\" is an error: a backslash cannot be written
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "\\"; // expect error: escape
    }
};

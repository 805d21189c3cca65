// §12.39: importing a missing file is a compile error
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = import "no_such_file.txt"; // expect error: no_such_file
    }
};

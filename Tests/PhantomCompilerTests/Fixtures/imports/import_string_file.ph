// §12.39 / Q8: import "file" is a string holding the file's bytes (data.txt is "hello from data" + LF)
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = import "data.txt";
        boot.16(s);                 // expect: hello from data
        boot.16(s.length(), "\n");  // expect: 16
    }
};

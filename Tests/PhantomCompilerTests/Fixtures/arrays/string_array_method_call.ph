// §7.6: the element type of string[] is string, so named calls work on elements
package .test;

class main {
    void run(var boot) [8] {
        var names : string[];
        names = new string[]();
        names[0] = "alpha";
        names[1] = "be";
        boot.16(names[0].length() + names[1].length(), "\n"); // expect: 7
        boot.16(names[1].concat(names[0]), "\n");             // expect: bealpha
    }
};

// Regression (found running the original's weather demo): parseJson made small integers
// ints, so storing one into a .internal.long field failed its cast; the original makes
// every JSON integer a long.
package .test;

import .internal.long;
import .internal.directory;

class main {
    var temperature : .internal.long;

    void run(var boot) [8] {
        var tree : .internal.directory;
        tree = ("{\"t\": 21}").parseJson();
        temperature = tree.get("t");
        boot.16(temperature, "\n"); // expect: 21
    }
};

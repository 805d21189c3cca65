// §5.3 / §8: a failed class cast throws the string "cast to not parent"
package .test;

class main {
    var boot;

    void t(var o) {
        var s : string;
        try {
            s = o;
            boot.16("no throw\n");
        } catch (string e) {
            boot.16(e, "\n");
        }
    }

    void run(var b) [8] {
        boot = b;
        t(5); // expect: cast to not parent
    }
};

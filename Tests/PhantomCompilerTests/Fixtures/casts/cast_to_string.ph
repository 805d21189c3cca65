// §5.3: (string) on an object is a runtime-checked class cast that passes for a string
package .test;

class main {
    var boot;

    void show(var o) {
        var s : string;
        s = (string) o;
        boot.16(s.length(), "\n");
    }

    void run(var b) [8] {
        boot = b;
        show("four"); // expect: 4
    }
};

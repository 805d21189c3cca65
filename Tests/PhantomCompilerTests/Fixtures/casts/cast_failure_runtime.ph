// §5.3: a failed class cast throws "cast to not parent"
package .test;

class main {
    var boot;

    void show(var o) {
        var s : string;
        s = (string) o;
        boot.16(s, "\n");
    }

    void run(var b) [8] {
        boot = b;
        show("fine"); // expect: fine
        show(5);
    }
};
// expect runtime error: cast to not parent

// the harness creates the last class without calling its constructor (like the boot class)
package .test;

class main {
    var tag : string;

    void main() {
        tag = "constructed";
    }

    void run(var boot) [8] {
        boot.16(tag, "\n"); // expect: (void)
    }
};

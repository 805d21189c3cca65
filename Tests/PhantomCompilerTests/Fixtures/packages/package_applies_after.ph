// §3.1: the package applies to the text that follows; an absolute class may come before it
class .test.helper {
    int v() {
        return 11;
    }
};

package .test;

class main {
    void run(var boot) [8] {
        var h : helper;
        h = new helper();
        boot.16(h.v(), "\n"); // expect: 11
    }
};

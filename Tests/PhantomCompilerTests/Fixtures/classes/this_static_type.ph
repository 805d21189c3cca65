// §5.4: this has the current class as its static type
package .test;

class main {
    var boot;
    var n : int;

    int get() {
        return n;
    }

    void show(var m : main) {
        boot.16(m.get(), "\n");
    }

    void run(var b) [8] {
        var me : main;
        boot = b;
        n = 5;
        me = this;
        boot.16(this.get(), "\n"); // expect: 5
        show(this);                // expect: 5
        boot.16(me :== this, "\n"); // expect: 1
    }
};

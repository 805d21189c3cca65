// §5.4: fields shadow locals of the same name
package .test;

class main {
    var x : int;

    int getX() {
        return x;
    }

    void run(var boot) [8] {
        var x : int;
        x = 7;
        boot.16(getX(), "\n"); // expect: 7
    }
};

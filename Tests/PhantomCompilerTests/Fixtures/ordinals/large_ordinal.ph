// §3.4: an explicit ordinal may leave gaps; fresh ordinals still start at 16
package .test;

class k {
    string far() [40] {
        return "far";
    }

    string near() {
        return "near";
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.40(), "\n"); // expect: far
        boot.16(x.16(), "\n"); // expect: near
    }
};

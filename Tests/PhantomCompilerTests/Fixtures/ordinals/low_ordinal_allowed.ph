// §12.11: an explicit ordinal below 16, such as [3], is allowed
package .test;

class k {
    int three() [3] {
        return 33;
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.3(), "\n");     // expect: 33
        boot.16(x.three(), "\n"); // expect: 33
    }
};

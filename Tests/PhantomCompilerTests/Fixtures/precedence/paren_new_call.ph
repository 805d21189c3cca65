// §12.18: (new X()).m() is fine
package .test;

class k {
    int v() {
        return 9;
    }
};

class main {
    void run(var boot) [8] {
        boot.16((new k()).v(), "\n"); // expect: 9
    }
};

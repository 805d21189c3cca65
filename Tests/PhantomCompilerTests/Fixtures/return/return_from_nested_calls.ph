// §7.3: results travel back through several calls
package .test;

class main {
    int a() {
        return b() + 1;
    }

    int b() {
        return c() * 2;
    }

    int c() {
        return 10;
    }

    void run(var boot) [8] {
        boot.16(a(), "\n"); // expect: 21
    }
};

// Q9: a quoted component may also appear in a package name
package .test."if";

class k {
};

class main {
    void run(var boot) [8] {
        boot.16(new k(), "\n"); // expect: (.test.if.k)
    }
};

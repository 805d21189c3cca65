// Q9 / §3.1: a quoted name component lets a keyword name a class
package .test;

class "while" {
    int v() {
        return 3;
    }
};

class main {
    void run(var boot) [8] {
        var w : "while";
        w = new "while"();
        boot.16(w.v(), "\n"); // expect: 3
        boot.16(w, "\n");     // expect: (.test.while)
    }
};

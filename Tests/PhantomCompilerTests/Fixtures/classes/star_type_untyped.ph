// §2 / §3.3: the inert type form *expr is parsed and treated as untyped
package .test;

class main {
    var u : *0;

    void run(var boot) [8] {
        u = "star";
        boot.16(u, "\n"); // expect: star
    }
};

// INTERNAL §3.1: substring(index, length); the length is clipped at the end of the string
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "hello world";
        boot.16(s.substring(6, 5), "\n");   // expect: world
        boot.16(s.substring(0, 4), "\n");   // expect: hell
        boot.16(s.substring(6, 100), "\n"); // expect: world
        boot.16("[", s.substring(3, 0), "]\n"); // expect: []
        boot.16(s.substring(10, 1), "\n");  // expect: d
    }
};

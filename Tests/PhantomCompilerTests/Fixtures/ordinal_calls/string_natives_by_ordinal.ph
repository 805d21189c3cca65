// Appendix A: string natives by ordinal: 8 substring, 9 charAt, 10 concat, 11 length, 12 strstr
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "hello";
        boot.16(s.11(), "\n");        // expect: 5
        boot.16(s.10(" you"), "\n");  // expect: hello you
        boot.16(s.8(1, 3), "\n");     // expect: ell
        boot.16(s.9(0), "\n");        // expect: 104
        boot.16(s.12("lo"), "\n");    // expect: 3
        boot.16(("42").16(), "\n");   // expect: 42
    }
};

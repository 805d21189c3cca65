// §1: the escapes \n \r \t \" give LF, CR, TAB and a double quote
package .test;

class main {
    void run(var boot) [8] {
        boot.16(("\n").charAt(0), "\n");  // expect: 10
        boot.16(("\r").charAt(0), "\n");  // expect: 13
        boot.16(("\t").charAt(0), "\n");  // expect: 9
        boot.16(("\"").charAt(0), "\n");  // expect: 34
        boot.16(("a\tb").length(), "\n"); // expect: 3
    }
};

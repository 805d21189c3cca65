// §12.35: (5).toString() boxes the literal first
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = (5).toString();
        boot.16(s.concat("!"), "\n");          // expect: 5!
        boot.16((0 - 7).toString(), "\n");      // expect: -7
        boot.16((2 + 3).toString().length(), "\n"); // expect: 1
    }
};

// §12.3: "//" inside a string is not a comment
package .test;

class main {
    void run(var boot) [8] {
        boot.16("http://x//y", "\n"); // expect: http://x//y
        boot.16("//", "\n");          // expect: //
    }
};

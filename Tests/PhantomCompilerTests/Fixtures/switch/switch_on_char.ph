// §4: switch on an int computed from a string (charAt) with literal cases
package .test;

class main {
    var boot;

    void kind(var s : string) {
        switch (s.charAt(0)) {
        case 97: boot.16("a-word\n"); break;
        case 98: boot.16("b-word\n"); break;
        default: boot.16("other\n"); break;
        }
    }

    void run(var b) [8] {
        boot = b;
        kind("apple"); // expect: a-word
        kind("bob");   // expect: b-word
        kind("cat");   // expect: other
    }
};

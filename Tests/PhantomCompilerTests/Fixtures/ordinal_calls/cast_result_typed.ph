// §5.3: casting an ordinal call result gives it a static type for named calls
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "ab";
        boot.16(((string) s.10("cd")).length(), "\n"); // expect: 4
    }
};

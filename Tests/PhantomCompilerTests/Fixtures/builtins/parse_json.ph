// INTERNAL §3.1 / our VM: parseJson gives arrays, directories and leaf objects
package .test;

class main {
    void run(var boot) [8] {
        var j : .internal.object;
        j = ("[10,20,30]").parseJson();
        boot.16(j.12(), "\n");  // expect: 3
        boot.16(j.10(1), "\n"); // expect: 20
        j = ("{\"a\":\"x\",\"b\":5}").parseJson();
        boot.16(j.9("a"), "\n"); // expect: x
        boot.16(j.9("b"), "\n"); // expect: 5
    }
};

// INTERNAL §3.9: directory ordinal 10 removes a key: 0, or 2 (ENOENT) if absent
package .test;

import .internal.directory;

class main {
    void run(var boot) [8] {
        var d : .internal.directory;
        d = new .internal.directory();
        d.put("a", "1");
        d.put("b", "2");
        boot.16(d.10("a"), "\n"); // expect: 0
        boot.16(d.10("a"), "\n"); // expect: 2
        boot.16(d.size(), "\n");  // expect: 1
        boot.16(d.get("a"), "\n"); // expect: (void)
    }
};

// INTERNAL §3.9: put of an existing key returns 17 and keeps the old value; get of a missing key is null
package .test;

import .internal.directory;

class main {
    void run(var boot) [8] {
        var d : .internal.directory;
        d = new .internal.directory();
        boot.16(d.put("k", "old"), "\n"); // expect: 0
        boot.16(d.put("k", "new"), "\n"); // expect: 17
        boot.16(d.get("k"), "\n");        // expect: old
        boot.16(d.get("zz"), "\n");       // expect: (void)
        boot.16(d.size(), "\n");          // expect: 1
    }
};

// INTERNAL §3.9: .internal.directory put / get / size
package .test;

import .internal.directory;

class main {
    void run(var boot) [8] {
        var d : .internal.directory;
        d = new .internal.directory();
        boot.16(d.put("Hello", "world"), "\n"); // expect: 0
        boot.16(d.put("Privet", "mir"), "\n");  // expect: 0
        boot.16(d.put("n", 5), "\n");           // expect: 0
        boot.16(d.get("Privet"), "\n");         // expect: mir
        boot.16(d.get("Hello"), "\n");          // expect: world
        boot.16(d.get("n"), "\n");              // expect: 5
        boot.16(d.size(), "\n");                // expect: 3
    }
};

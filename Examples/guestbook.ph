// guestbook.ph — keeps the lines typed at the console. Each entry is made durable with
// commit (boot.25) before it is acknowledged, so an acknowledged entry survives kill -9:
// kill phantom while the guestbook waits for input, start `swift run phantom` again,
// type `list`, and every signed entry is there. The end of input ends the program.
//     swift run phantom run Examples/guestbook.ph --env root.shell=
// (`--env root.shell=` keeps the library's shell, which also reads the console, out of
// a new world.)
package .examples;

import .internal.io.tty;
import .phantom.util.arraylist;

class guestbook {
    var entries : .phantom.util.arraylist;

    void run(var boot) [8] {
        var tty : .internal.io.tty;
        var line : string;
        var i : int;
        tty = new .internal.io.tty();
        entries = new .phantom.util.arraylist();
        entries.init();
        boot.16("guestbook: type a line to sign, 'list' to read, end of input to stop", "\n");
        line = readLine(tty);
        while (line :!= null) {
            if (line == "list") {
                i = 0;
                while (i < entries.size()) {
                    boot.16(i + 1, ". ", entries.get(i), "\n");
                    i = i + 1;
                }
            } else {
                entries.add(line);
                boot.25();
                boot.16("signed (", entries.size(), " entries, on disk)", "\n");
            }
            line = readLine(tty);
        }
    }

    // A line of console input without its newline, or null at the end of the input.
    string readLine(var tty : .internal.io.tty) {
        var line : string;
        var c : string;
        line = "";
        c = tty.getwc();
        if (c.length() == 0) return null;
        while (c.length() != 0 && (c == "\n") == 0) {
            line = line.concat(c);
            c = tty.getwc();
        }
        return line;
    }
};

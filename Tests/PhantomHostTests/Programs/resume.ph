// resume.ph — three threads that wait in three ways, for WorldResumeTests: a sleep of
// 1.5 s, a console read, and a mutex held by a thread that sleeps 1 s. The world is
// killed while all three wait, and must resume each where it was.
package .resume;

import .internal.connection;
import .internal.mutex;
import .internal.io.tty;

class sleeper {
    void run(var boot) [8] {
        var timer : .internal.connection;
        timer = new .internal.connection();
        timer.connect("tmr:");
        boot.16("sleeping\n");
        timer.block(null, 1500);
        boot.16("woke\n");
    }
};

class reader {
    void run(var boot) [8] {
        var tty : .internal.io.tty;
        var line : string;
        var c : string;
        tty = new .internal.io.tty();
        line = "";
        boot.16("reading\n");
        c = tty.getwc();
        while (c.length() != 0 && (c == "\n") == 0) {
            line = line.concat(c);
            c = tty.getwc();
        }
        boot.16("read: ", line, "\n");
    }
};

class waiter {
    var lock : .internal.mutex;
    void init(var m : .internal.mutex) { lock = m; }
    void run(var boot) [8] {
        boot.16("waiting\n");
        lock.lock();
        boot.16("got lock\n");
        lock.unlock();
    }
};

class main {
    void run(var boot) [8] {
        var m : .internal.mutex;
        var w : waiter;
        var timer : .internal.connection;
        m = new .internal.mutex();
        m.lock();
        w = new waiter();
        w.init(m);
        boot.18(new sleeper());
        boot.18(new reader());
        boot.18(w);
        timer = new .internal.connection();
        timer.connect("tmr:");
        timer.block(null, 1000);
        boot.16("unlocking\n");
        m.unlock();
    }
};

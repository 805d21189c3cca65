// counter.ph — counts to 100, one step every 50 ms. Start it with
//     swift run phantom run Examples/counter.ph
// kill phantom at any moment (even with kill -9), start it again with `swift run phantom`,
// and the count goes on from the last snapshot: the thread, its loop and its timer are
// all in the persistent world.
package .examples;

import .internal.connection;

class counter {
    var count : int;

    void run(var boot) [8] {
        var timer : .internal.connection;
        timer = new .internal.connection();
        timer.connect("tmr:");
        count = 0;
        while (count < 100) {
            count = count + 1;
            boot.16("count ", count, "\n");
            timer.block(null, 50);
        }
        boot.16("done ", count, "\n");
    }
};

// commit.ph — for WorldResumeTests: counts to 300 and, after each step, waits in
// commit() until a snapshot holding that step is durable, then says so.
package .commit;

class main {
    var count : int;
    void run(var boot) [8] {
        count = 0;
        while (count < 300) {
            count = count + 1;
            boot.25();
            boot.16("committed ", count, "\n");
        }
    }
};

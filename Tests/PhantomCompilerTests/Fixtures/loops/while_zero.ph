// §4: a while loop whose condition is false at first never runs its body
package .test;

class main {
    void run(var boot) [8] {
        while (0) boot.16("never\n");
        boot.16("after\n"); // expect: after
    }
};

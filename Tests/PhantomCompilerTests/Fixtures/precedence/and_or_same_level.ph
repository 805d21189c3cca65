// §5.2: && and || share one level and associate left: a||b&&c = (a||b)&&c
package .test;

class main {
    void run(var boot) [8] {
        boot.16(1 || 0 && 0, "\n"); // expect: 0
        boot.16(1 || 1 && 0, "\n"); // expect: 0
        boot.16(0 && 0 || 1, "\n"); // expect: 1
    }
};

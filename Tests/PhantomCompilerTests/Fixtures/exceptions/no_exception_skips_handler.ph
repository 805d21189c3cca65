// §8: when the try part does not throw, the handler does not run
package .test;

class main {
    void run(var boot) [8] {
        try {
            boot.16("body\n"); // expect: body
        } catch (string e) {
            boot.16("handler\n");
        }
        boot.16("after\n"); // expect: after
    }
};

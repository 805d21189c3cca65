// §8: the catch variable is a method-scoped local, still set after the try statement
package .test;

class main {
    void run(var boot) [8] {
        try {
            throw "boom";
        } catch (string e) {
            boot.16("in handler\n"); // expect: in handler
        }
        boot.16(e, "\n"); // expect: boom
    }
};

// §8: the try part and the handler are single statements (blocks are not required)
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        var z : int;
        try x = 10 / z; catch (string e) boot.16("handled ", e, "\n"); // expect: handled division by zero
    }
};

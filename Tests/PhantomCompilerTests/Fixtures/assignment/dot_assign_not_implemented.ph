// §5.4: .= parses but is a compile error ("not implemented")
package .test;

class main {
    void run(var boot) [8] {
        var x : int;
        x .= 5; // expect error: not implemented
    }
};

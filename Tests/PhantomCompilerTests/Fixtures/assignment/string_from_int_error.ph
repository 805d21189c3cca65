// §5.4: storing an int-stack value into a string target is an error
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = 5; // expect error: cannot assign
    }
};

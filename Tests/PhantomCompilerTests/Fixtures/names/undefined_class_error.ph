// §9: a class that is used but unknown gives "not defined"
package .test;

class main {
    void run(var boot) [8] {
        var p : nosuch; // expect error: not defined
    }
};

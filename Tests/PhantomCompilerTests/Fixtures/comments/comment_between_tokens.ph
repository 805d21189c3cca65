// §1: comments may appear between any two tokens
package .test;

class /* c */ main {
    void run(var boot) [8] {
        var x : int;
        x /* c */ = /* c */ 40 /* c */ + 2 /* c */ ;
        boot /* c */ . /* c */ 16 /* c */ (x, "\n"); // expect: 42
    }
};

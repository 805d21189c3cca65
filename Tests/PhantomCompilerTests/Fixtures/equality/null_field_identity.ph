// §12.21: env :== null is true for a null field; :!= is its negation
package .test;

class main {
    var env;

    void run(var boot) [8] {
        boot.16(env :== null, "\n"); // expect: 1
        boot.16(env :!= null, "\n"); // expect: 0
        env = "set";
        boot.16(env :== null, "\n"); // expect: 0
        boot.16(null :== null, "\n"); // expect: 1
        boot.16(null == null, "\n");  // expect: 1
    }
};

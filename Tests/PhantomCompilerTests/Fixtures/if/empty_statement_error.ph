// §4: there is no empty statement; ';' alone is an error (use {})
package .test;

class main {
    void run(var boot) [8] {
        if (1) ; // expect error: expected
    }
};

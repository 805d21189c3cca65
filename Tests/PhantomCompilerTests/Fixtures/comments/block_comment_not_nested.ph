// §1: block comments do not nest; the first */ ends the comment
package .test;

class main {
    void run(var boot) [8] {
        /* outer /* inner */
        boot.16("visible\n"); // expect: visible
    }
};

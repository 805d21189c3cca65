// §9: importing a class that cannot be found is an error
package .test;

import .no.such.thing; // expect error: no.such.thing

class main {
    void run(var boot) [8] {
    }
};

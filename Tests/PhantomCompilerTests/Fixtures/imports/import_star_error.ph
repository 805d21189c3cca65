// §12.6: import .a.*; is an error
package .test;

import .internal.*; // expect error: import

class main {
    void run(var boot) [8] {
    }
};

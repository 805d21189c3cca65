// §5.3: numeric casts follow C: narrowing a double to int truncates toward zero
package .test;

import .internal.double;

class main {
    void run(var boot) [8] {
        var d : .internal.double;
        d = 15;
        d = d / 4;
        boot.16((int) d, "\n"); // expect: 3
        d = 0 - 15;
        d = d / 4;
        boot.16((int) d, "\n"); // expect: -3
    }
};

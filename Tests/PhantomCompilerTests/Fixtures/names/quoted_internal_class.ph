// Q9 / §9: .internal."class" must be imported and is written with a quoted component
package .test;

import .internal."class";

class k {
};

class main {
    void run(var boot) [8] {
        var c : .internal."class";
        c = (new k()).2();
        boot.16(c, "\n"); // expect: class
    }
};

// §4: else if chains
package .test;

class main {
    var boot;

    void grade(var n : int) {
        if (n >= 90) boot.16("A\n");
        else if (n >= 50) boot.16("B\n");
        else boot.16("C\n");
    }

    void run(var b) [8] {
        boot = b;
        grade(95); // expect: A
        grade(50); // expect: B
        grade(10); // expect: C
    }
};

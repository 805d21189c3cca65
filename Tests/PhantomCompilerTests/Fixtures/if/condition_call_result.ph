// §4: a call result of type int as a condition
package .test;

class main {
    int isPos(var x : int) {
        return x > 0;
    }

    void run(var boot) [8] {
        if (isPos(5)) boot.16("5 positive\n");     // expect: 5 positive
        if (isPos(-5)) boot.16("-5 positive\n");
        else boot.16("-5 not positive\n");         // expect: -5 not positive
    }
};

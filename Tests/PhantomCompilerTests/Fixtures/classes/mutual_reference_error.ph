// §3.1: mutual references between source classes are errors (the earlier class cannot see the later)
package .test;

class a {
    void take(var x : b) { // expect error: not defined
    }
};

class b {
    void take(var x : a) {
    }
};

// §12.8: a constructor must be void; int t3() in class t3 is an error
package .test;

class t3 {
    int t3() { // expect error: constructor
        return 1;
    }
};

// §12.7: new of a class defined later in the same file is an error
package .test;

class a {
    void make() {
        new b(); // expect error: not defined
    }
};

class b {
};

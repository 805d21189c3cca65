// §12.38 / §3.6: the class itself must define the method; an inherited one does not count
package .test;

interface shape {
    int area();
};

class base {
    int area() {
        return 1;
    }
};

class sq extends base implements shape { }; // expect error: implement

// §12.38 / §3.6: the class's method must match the interface method's signature (name and parameter types)
package .test;

interface shape {
    int area(var scale : int);
};

class sq implements shape { int area() { return 1; } }; // expect error: implement

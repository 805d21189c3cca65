// §3.3: interface methods end in ';' and have no body
package .test;

interface shape {
    int area() { return 1; } // expect error: body
};

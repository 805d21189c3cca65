// §3.3: var fields in an interface are an error
package .test;

interface shape {
    var x : int; // expect error: interface
    int area();
};

// §12.38: implements I with a missing method is an error
package .test;

interface shape {
    int area();
};

class sq implements shape { }; // expect error: implement

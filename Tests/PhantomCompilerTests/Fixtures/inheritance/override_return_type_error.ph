// §12.12: an override with a different return type is an error
package .test;

class base {
    int f() {
        return 1;
    }
};

class sub extends base {
    string f() { // expect error: return type
        return "x";
    }
};

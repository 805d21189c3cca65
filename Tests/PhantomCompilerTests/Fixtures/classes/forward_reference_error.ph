// §12.7: a class defined later in the same file cannot be used yet
package .test;

class a {
    var other : b; // expect error: not defined
};

class b {
};

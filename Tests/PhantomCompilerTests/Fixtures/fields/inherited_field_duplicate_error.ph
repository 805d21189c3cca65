// §3.3: reusing a field name from the extends chain is an error
package .test;

class base {
    var x : int;
};

class sub extends base {
    var x : int; // expect error: duplicate
};

// §3.3: two fields of the same name in one class
package .test;

class k {
    var x : int;
    var x : string; // expect error: duplicate
};

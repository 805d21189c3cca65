// §3.3: a field may not reuse the name of an earlier method
package .test;

class k {
    int size() {
        return 1;
    }

    var size : int; // expect error: duplicate
};

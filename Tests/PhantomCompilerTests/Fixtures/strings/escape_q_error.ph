// §12.2: an unknown escape such as \q is an error
package .test;

class main {
    void run(var boot) [8] {
        var s : string;
        s = "a\qb"; // expect error: escape
    }
};

// §5.4: the assignment target must be a name or a[i]
package .test;

class main {
    int f() {
        return 1;
    }

    void run(var boot) [8] {
        f() = 3; // expect error: cannot assign
    }
};

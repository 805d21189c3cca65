// §2: untyped values cannot be used with !
package .test;

class main {
    void t(var u) {
        if (!u) { } // expect error: type
    }

    void run(var boot) [8] {
    }
};

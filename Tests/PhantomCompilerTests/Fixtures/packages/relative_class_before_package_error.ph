// §3.1: a relative class name before the package has no package in force
class helper { // expect error: package
};

package .test;

class main {
    void run(var boot) [8] {
    }
};

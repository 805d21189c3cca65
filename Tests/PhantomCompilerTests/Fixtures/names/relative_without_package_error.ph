// §3.1: a relative class name with no package in force is an error
class main { // expect error: package
    void run(var boot) [8] {
    }
};

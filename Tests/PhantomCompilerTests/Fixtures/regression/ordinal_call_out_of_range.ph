// Regression (phantom-fuzz compiler, case 1,085,485): a call ordinal above 65535
// compiled into code the verifier rejects; like a declared ordinal, it is an error.
package .test;

class main {
    void run(var boot) [8] {
        boot.65535();
        boot.65536(); // expect error: out of range
    }
};

// Regression (phantom-fuzz compiler, case 3,749,574): a call ordinal that wraps to a
// negative 32-bit value (4294967295 is -1, §12.1) was reported, then crashed the code
// generator.
package .test;

class main {
    void run(var boot) [8] {
        boot.4294967295(); // expect error: cannot be negative
    }
};

// §12.30: a switch is not a loop, so continue in a switch outside a loop is an error
package .test;

class main {
    void run(var boot) [8] {
        switch (1) {
        case 1:
            continue; // expect error: outside
        }
    }
};

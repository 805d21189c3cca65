// §3.2: at top level only the keyword attribute is allowed, not @
package .test;

@const; // expect error: expected

class main {
    void run(var boot) [8] {
    }
};

// §3.2: a top-level attribute definition may not use ~
package .test;

attribute ~const; // expect error: attribute

class main {
    void run(var boot) [8] {
    }
};

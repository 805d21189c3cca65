// §7.2 step 4: a call to a method that does not exist is an error
package .test;

class k {
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        x.nosuch(); // expect error: not defined
    }
};

// hello.ph — the smallest program: method 8 runs in a new thread with the boot object.
//     swift run phantom run Examples/hello.ph --until-idle
package .examples;

class hello {
    void run(var boot) [8] {
        boot.16("Hello from a persistent thread", "\n");
    }
};

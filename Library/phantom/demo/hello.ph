// hello.ph - .phantom.demo.hello, the smallest thread program: started with the
// shell's `run phantom.demo.hello` (or boot.18), it greets through the boot object and
// ends. A model for programs that run as threads: extend a runnable and define run.

package .phantom.demo;

import .phantom.runnable;

attribute const * ->!;

class hello extends .phantom.runnable
{
    // The thread body; boot is the boot object.
    void run(var boot @const) [8]
    {
        boot.16("Hello from a new Phantom thread", "\n");
    }
};

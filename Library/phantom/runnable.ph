// runnable.ph - .phantom.runnable: the same thread-target base class as
// .ru.dz.phantom.system.runnable, under the name the original's boot class declares
// its thread object with. Method 8 is what boot.18 (startThread) calls.

package .phantom;

attribute const * ->!;

class runnable
{
    // The thread body: arg is the boot object when started through boot.18.
    void run(var arg @const) [8]
    {
        throw "Abstract runnable started";
    }
};

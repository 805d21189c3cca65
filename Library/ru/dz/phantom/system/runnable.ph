// runnable.ph - .ru.dz.phantom.system.runnable, the base class of thread targets.
//
// boot.18(obj) (startThread) runs obj.8(bootObject) in a new thread, and so does the
// shell's `run` command: a class that is to run as a thread defines method 8. This
// class fixes that ordinal under the name the original library uses; a subclass
// (`class x extends .ru.dz.phantom.system.runnable`) that defines run(var o) gets
// ordinal 8 by overriding even without writing [8]. Started on its own, it throws.

package .ru.dz.phantom.system;

attribute const * ->!;

class runnable
{
    // The thread body: o is the boot object when started through boot.18.
    void run(var o @const) [8]
    {
        throw "Abstract runnable started";
    }
};

// os.ph - .phantom.os, the per-program handle on the OS interface: it finds the
// .phantom.osimpl object that the boot class published with boot.22 through the
// current thread (new .internal.world().getMyThread().getOsInterface()) and forwards
// to it. Each method looks the interface up on first use, so an instance needs no
// set-up; init() may still be called, as in the original.

package .phantom;

import .phantom.osimpl;
import .internal.world;
import .internal.thread;

class os
{
    var impl : .phantom.osimpl;

    // Finds the OS interface of this world (once). Throws if none was published.
    void init()                                                     // 16
    {
        var w : .internal.world;
        var th : .internal.thread;
        var found : .internal.object;
        if( impl :== null )
        {
            w = new .internal.world();
            th = w.getMyThread();
            found = th.getOsInterface();
            // Checked before the store: storing null into impl would be a failing cast.
            if( found :== null )
                throw "phantom.os: no OS interface (boot.22 was never called)";
            impl = found;
        }
    }

    // The value of a kernel environment entry, or null.
    string getKernelEnvironmentValue(var inkey : string)            // 17
    {
        init();
        return impl.getKernelEnvironmentValue(inkey);
    }

    // The kernel environment: "key=value" strings.
    string [] getKernelEnvironment()                                // 18
    {
        init();
        return impl.getKernelEnvironment();
    }

    // The OS interface object itself.
    .phantom.osimpl getImpl()                                       // 19
    {
        init();
        return impl;
    }
};

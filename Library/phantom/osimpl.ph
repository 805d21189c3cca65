// osimpl.ph - .phantom.osimpl, the OS interface object. The boot class makes one,
// gives it the boot object, and publishes it with boot.22 (setOsInterface); every
// thread then reaches it through .internal.thread's getOsInterface (see .phantom.os).
// It answers questions about the kernel environment (boot.23, "key=value" strings)
// and hands out the boot object and the system class loader.

package .phantom;

class osimpl
{
    var bootObject;
    var classLoader;

    // Remembers the boot object (the original's only set-up step).
    void init(var boot)                                             // 16
    {
        bootObject = boot;
    }

    // The value of the kernel environment entry "inkey=value", or null. A key given
    // twice: the later entry wins (boot command-line items come after the defaults).
    string getKernelEnvironmentValue(var inkey : string)            // 17
    {
        var env : string [];
        var i : int;
        var el : string;
        var pos : int;
        env = bootObject.23();
        i = env.size();
        while( i > 0 )
        {
            i = i - 1;
            el = env[i];
            pos = el.strstr("=");
            if( pos > 0 )
            {
                if( el.substring(0, pos) == inkey )
                {
                    if( pos + 1 >= el.length() )
                        return "";
                    return el.substring(pos + 1, el.length() - pos - 1);
                }
            }
        }
        return null;
    }

    // The kernel environment: an array of "key=value" strings.
    string [] getKernelEnvironment()                                // 18
    {
        return bootObject.23();
    }

    // The boot object given to init.
    .internal.object getBootObject()                                // 19
    {
        if( bootObject :== null )
            return null;    // the literal: a returned untyped null would be cast, and throw
        return bootObject;
    }

    // The system class loader, as the boot class registered it (or null).
    void setClassLoader(var loader)                                 // 20
    {
        classLoader = loader;
    }

    .internal.object getClassLoader()                               // 21
    {
        if( classLoader :== null )
            return null;
        return classLoader;
    }
};

// boot.ph - .ru.dz.phantom.system.boot, the boot class: the first Phantom code a
// world ever runs.
//
// On the first boot of a fresh world the VM loads this class, makes an instance
// without a constructor and calls its method 8 (startup) with the boot object
// (INTERNAL.md section 4). This happens once in the life of a world: later boots
// resume the snapshot instead. startup sets the system up and starts threads; the
// threads run after startup returns. Steps, each guarded so that one failure does not stop the
// others:
//   1. print a banner (boot.16 prints its arguments in order);
//   2. make the system class loader and register it (boot.17);
//   3. make the OS interface (.phantom.osimpl) and publish it (boot.22);
//   4. start the classes the kernel environment (boot.23) names as root.init and
//      root.shell, each as a thread (boot.18 runs obj.8(boot object)). A class that
//      is missing or fails to load is reported and skipped.

package .ru.dz.phantom.system;

import .ru.dz.phantom.system.class_loader;
import .phantom.osimpl;
import .internal."class";

attribute const * ->!;

class boot
{
    var boot_object;
    var loader : class_loader;
    var os : .phantom.osimpl;

    // Called once by the VM with the boot object.
    void startup(var _boot_object @const) [8]
    {
        boot_object = _boot_object;
        boot_object.16("Phantom system environment setup", "\n");
        try install_loader();
        catch( .internal.object e ) report("class loader", e);
        try install_os();
        catch( .internal.object e ) report("os interface", e);
        start("root.init", ".ru.dz.phantom.system.init");
        start("root.shell", ".ru.dz.phantom.system.shell");
    }

    // Step 2: the system class loader, loaded by name as any class is.
    void install_loader()                                           // 16
    {
        var cls : .internal."class";
        cls = boot_object.8(".ru.dz.phantom.system.class_loader");
        loader = new *(cls) : .ru.dz.phantom.system.class_loader ();
        loader.init(boot_object);
        boot_object.17(loader);
    }

    // Step 3: the OS interface every thread reaches with getOsInterface.
    void install_os()                                               // 17
    {
        os = new .phantom.osimpl();
        os.init(boot_object);
        os.setClassLoader(loader);
        boot_object.22(os);
    }

    // Step 4: starts the class the kernel environment names under key (fallback if
    // it names none) as a thread.
    void start(var key : string, var fallback : string)             // 18
    {
        var name : string;
        var cls : .internal."class";
        var obj : .internal.object;
        name = fallback;
        try
        {
            if( os :!= null )
                name = os.getKernelEnvironmentValue(key);
            if( name :== null )
                name = fallback;
            if( name.length() == 0 )
            {
                boot_object.16("boot: no ", key, "\n");
                return;
            }
            cls = boot_object.8(name);
            obj = new *(cls) : .internal.object ();
            boot_object.18(obj);
            boot_object.16("boot: started ", key, " ", name, "\n");
        }
        catch( .internal.object e ) boot_object.16("boot: ", key, " not started: ", e, "\n");
    }

    // Reports a failed step (problem is what was thrown) and goes on.
    void report(var what : string, var problem)                     // 19
    {
        boot_object.16("boot: ", what, " failed: ", problem, "\n");
    }
};

// class_loader.ph - .ru.dz.phantom.system.class_loader, the system class loader.
//
// The boot class makes one (with `new *(cls)`, so no constructor runs), calls
// init(boot object) and registers it with boot.17 (setClassLoader). From then on the
// VM calls get_class (ordinal 8) with a class name whenever a class lookup misses.
// This loader asks the boot object (boot.8, loadClass: the world's class cache, then
// class files, then the bundle) and keeps what it got in a native
// .internal.directory, so a class is loaded once. A load failure is thrown on as the
// boot object's string ("<name> - class load error").

package .ru.dz.phantom.system;

import .internal.directory;
import .internal."class";

attribute const * ->!;

class class_loader
{
    var boot_object;
    var classes : .internal.directory;

    // Sets the loader up; boot is the boot object. Must come before get_class.
    void init(var _boot_object @const)                             // 16
    {
        boot_object = _boot_object;
        classes = new .internal.directory();
    }

    // The class named name (".a.b.c"), loaded once. Called by the VM.
    .internal.object get_class(var name : string) [8]
    {
        var found : .internal.object;
        if( classes :== null )
            throw "class_loader: get_class before init";
        found = classes.get(name);
        if( found :== null )
        {
            found = load_class(name);
            classes.put(name, found);
        }
        return found;
    }

    // Loads a class through the boot object, bypassing the cache.
    .internal.object load_class(var name : string)                  // 17
    {
        return boot_object.8(name);
    }

    // The number of classes this loader has handed out.
    int size()                                                      // 18
    {
        if( classes :== null )
            return 0;
        return classes.size();
    }

    // The names of the classes this loader has handed out.
    string [] names()                                               // 19
    {
        if( classes :== null )
            return new string[]();
        return classes.iterate();
    }

    // Prints through the boot object's console.
    void print(var input : string)                                  // 20
    {
        boot_object.16(input);
    }
};

// environment.ph - .phantom.environment, a set of objects named by strings: a
// thread's environment. thread.getEnvironment (ordinal 12 of .internal.thread)
// summons one instance per thread by this class name, without a constructor, so the
// instance sets itself up on first use. The entries live in a native
// .internal.directory.
//
// set keeps the original library's meaning: it adds a name that is absent and returns
// 1, and leaves a present name's value alone and returns 0. replace stores in both
// cases.

package .phantom;

import .internal.directory;

class environment
{
    var env : .internal.directory;

    // Sets up an instance made without its constructor (harmless when repeated).
    void init()                                                     // 16
    {
        if( env :== null )
            env = new .internal.directory();
    }

    // Adds key -> val if key is absent: 1. Present: 0, the old value stays.
    int set(var key : string, var val)                              // 17
    {
        init();
        return env.put(key, val) == 0;
    }

    // The value named key, or null.
    .internal.object get(var key : string)                          // 18
    {
        init();
        return env.get(key);
    }

    // Removes key: 1 if it was there, else 0.
    int remove(var key : string)                                    // 19
    {
        init();
        return env.remove(key) == 0;
    }

    // The number of entries.
    int size()                                                      // 20
    {
        init();
        return env.size();
    }

    // 1 if key is present, else 0.
    int containsKey(var key : string)                               // 21
    {
        init();
        return env.get(key) :!= null;
    }

    // Stores key -> val, adding or overwriting; returns the previous value or null.
    .internal.object replace(var key : string, var val)             // 22
    {
        var old : .internal.object;
        init();
        old = env.get(key);
        if( old :!= null )
            env.remove(key);
        env.put(key, val);
        return old;
    }

    // The names, in no particular order.
    string [] keys()                                                // 23
    {
        init();
        return env.iterate();
    }
};

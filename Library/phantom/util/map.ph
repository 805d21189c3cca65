// map.ph - .phantom.util.map, a small map from keys to objects kept as an association
// list: one array holding key0, value0, key1, value1, ... Lookups compare keys with
// `==`, which is equals (ordinal 4), so strings, ints and any object with an equals
// work as keys. Every operation is linear: for more than a few dozen keys use
// .phantom.util.hashmap.
//
// put keeps the original library's meaning: it adds a key that is absent and returns 1,
// and leaves a present key's value alone and returns 0. replace stores in both cases.
// Keys and values are untyped parameters, so typed and untyped arguments are accepted
// (an int expression must be boxed first for now: see Library/README.md).
//
// An instance made without its constructor (new *(cls)(), or summoned by the VM)
// sets itself up on first use.

package .phantom.util;

class map
{
    // Stores into pairs go through store(): see there.
    var pairs : .internal.object [];
    var index : int;        // 2 * the number of keys: the first free slot of pairs

    // Empties the map (the original's way of setting one up).
    void init()                                                     // 16
    {
        index = 0;
        pairs = new .internal.object[]();
    }

    // Adds key -> value if key is absent: 1. Present: 0, the old value stays.
    int put(var key, var value)                                     // 17
    {
        ready();
        if( find(key) >= 0 )
            return 0;
        store(index, key);
        store(index + 1, value);
        index = index + 2;
        return 1;
    }

    // The value stored under key, or null.
    .internal.object get(var key)                                   // 18
    {
        var at : int;
        ready();
        at = find(key);
        if( at < 0 )
            return null;
        return pairs[at + 1];
    }

    // Removes key: 1 if it was there, else 0. The last pair moves into the gap.
    int remove(var key)                                             // 19
    {
        var at : int;
        ready();
        at = find(key);
        if( at < 0 )
            return 0;
        index = index - 2;
        pairs[at] = pairs[index];
        pairs[at + 1] = pairs[index + 1];
        pairs[index] = null;
        pairs[index + 1] = null;
        return 1;
    }

    // The number of keys.
    int size()                                                      // 20
    {
        ready();
        return index / 2;
    }

    // 1 if key is present, else 0.
    int containsKey(var key)                                        // 21
    {
        ready();
        return find(key) >= 0;
    }

    // Stores key -> value, adding the key or overwriting its value; returns the previous
    // value, or null if the key was absent.
    .internal.object replace(var key, var value)                    // 22
    {
        var at : int;
        var old : .internal.object;
        ready();
        at = find(key);
        if( at < 0 )
        {
            put(key, value);
            return null;
        }
        old = pairs[at + 1];
        store(at + 1, value);
        return old;
    }

    // The keys, in no particular order, in a new array.
    .internal.object [] keys()                                      // 23
    {
        var result : .internal.object [];
        var i : int;
        ready();
        result = new .internal.object[]();
        i = 0;
        while( i < index )
        {
            result[i / 2] = pairs[i];
            i = i + 2;
        }
        return result;
    }

    // The slot of key in pairs, or -1.
    int find(var key)                                               // 24
    {
        var i : int;
        i = 0;
        while( i < index )
        {
            if( key == pairs[i] )
                return i;
            i = i + 2;
        }
        return -1;
    }

    // Sets up an instance that was made without its constructor.
    void ready()                                                    // 25
    {
        if( pairs :== null )
            init();
    }

    // pairs[slot] = value. Our compiler casts an untyped value stored into a typed
    // array, and a cast of null throws, so null is stored as the literal.
    void store(var slot : int, var value)                           // 26
    {
        if( value :== null )
            pairs[slot] = null;
        else
            pairs[slot] = value;
    }

    void map() { init(); }                                          // constructor
};

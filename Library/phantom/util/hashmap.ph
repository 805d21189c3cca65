// hashmap.ph - .phantom.util.hashmap, a hash table from keys to objects.
//
// Representation: an array of buckets, each the head of a chain of
// .phantom.util.hashpair entries (null for an empty bucket). A key's bucket is its
// hashCode (ordinal 15) modulo the bucket count; keys are compared with `==`, which
// is equals (ordinal 4), so strings and ints work as keys, and objects by identity.
// When the entries outnumber the buckets twice over, the table doubles and every
// entry is rehashed.
//
// put overwrites, as the original library's hashmap does, and returns the previous
// value (or null). An instance made without its constructor sets itself up on first
// use, and init() empties the table (the original's way of setting one up).

package .phantom.util;

import .phantom.util.hashpair;

class hashmap
{
    var hashed   : hashpair [];
    var hashsize : int;     // number of buckets
    var count    : int;     // number of entries

    // Empties the table.
    void init()                                                     // 16
    {
        setup(16);
    }

    // Stores key -> value, overwriting; returns the previous value or null.
    .internal.object put(var key, var value)                        // 17
    {
        var hp : hashpair;
        var old : .internal.object;
        var bucket : int;
        ready();
        hp = find(key);
        if( hp :!= null )
        {
            old = hp.getVal();
            hp.setVal(value);
            return old;
        }
        bucket = pos(key);
        hp = new hashpair();
        hp.setKey(key);
        hp.setVal(value);
        hp.setNext(hashed[bucket]);
        hashed[bucket] = hp;
        count = count + 1;
        if( count > hashsize * 2 )
            grow();
        return null;
    }

    // The value stored under key, or null.
    .internal.object get(var key)                                   // 18
    {
        var hp : hashpair;
        ready();
        hp = find(key);
        if( hp :== null )
            return null;
        return hp.getVal();
    }

    // Removes key; returns its value, or null if it was absent.
    .internal.object remove(var key)                                // 19
    {
        var bucket : int;
        var hp : hashpair;
        var prev : hashpair;
        ready();
        bucket = pos(key);
        prev = null;
        hp = hashed[bucket];
        while( hp :!= null )
        {
            if( key == hp.getKey() )
            {
                if( prev :== null )
                    hashed[bucket] = hp.getNext();
                else
                    prev.setNext(hp.getNext());
                count = count - 1;
                return hp.getVal();
            }
            prev = hp;
            hp = hp.getNext();
        }
        return null;
    }

    // The number of entries.
    int size()                                                      // 20
    {
        ready();
        return count;
    }

    // 1 if key is present, else 0.
    int containsKey(var key)                                        // 21
    {
        ready();
        return find(key) :!= null;
    }

    // The keys, in no particular order, in a new array.
    .internal.object [] keys()                                      // 22
    {
        var result : .internal.object [];
        var hp : hashpair;
        var b : int;
        var n : int;
        ready();
        result = new .internal.object[]();
        n = 0;
        b = 0;
        while( b < hashsize )
        {
            hp = hashed[b];
            while( hp :!= null )
            {
                result[n] = hp.getKey();
                n = n + 1;
                hp = hp.getNext();
            }
            b = b + 1;
        }
        return result;
    }

    // The bucket of key: hashCode modulo the bucket count, never negative (null: 0).
    int pos(var key)                                                // 23
    {
        var b : int;
        if( key :== null )
            return 0;
        b = ((int) key.15()) % hashsize;
        if( b < 0 )
            b = b + hashsize;
        return b;
    }

    // The entry holding key, or null.
    hashpair find(var key)                                          // 24
    {
        var hp : hashpair;
        hp = hashed[pos(key)];
        while( hp :!= null )
        {
            if( key == hp.getKey() )
                return hp;
            hp = hp.getNext();
        }
        return null;
    }

    // An empty table of n buckets.
    void setup(var n : int)                                         // 25
    {
        hashsize = n;
        count = 0;
        hashed = new hashpair[]();
        hashed[n - 1] = null;   // grows the array to n slots, all null
    }

    // Doubles the bucket count and moves every entry to its new bucket.
    void grow()                                                     // 26
    {
        var old : hashpair [];
        var oldsize : int;
        var b : int;
        var hp : hashpair;
        var nexthp : hashpair;
        var bucket : int;
        old = hashed;
        oldsize = hashsize;
        hashsize = oldsize * 2;
        hashed = new hashpair[]();
        hashed[hashsize - 1] = null;
        b = 0;
        while( b < oldsize )
        {
            hp = old[b];
            while( hp :!= null )
            {
                nexthp = hp.getNext();
                bucket = pos(hp.getKey());
                hp.setNext(hashed[bucket]);
                hashed[bucket] = hp;
                hp = nexthp;
            }
            b = b + 1;
        }
    }

    // Sets up an instance that was made without its constructor.
    void ready()                                                    // 27
    {
        if( hashed :== null )
            init();
    }

    void hashmap() { init(); }                                      // constructor
};

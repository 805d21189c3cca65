// hashpair.ph - .phantom.util.hashpair, one entry of a .phantom.util.hashmap bucket
// chain: a key, its value and the next entry of the same bucket. Fields are reachable
// only from the class's own methods (there is no obj.field), hence the accessors;
// their names are the ones the original hashmap calls.

package .phantom.util;

class hashpair
{
    var key;
    var val;
    var next : hashpair;

    // A null key or value is returned as the literal null: our compiler casts a
    // returned untyped value to the declared result type, and a cast of null throws.
    .internal.object getKey()                                       // 16
    {
        if( key :== null )
            return null;
        return key;
    }

    .internal.object getVal()                                       // 17
    {
        if( val :== null )
            return null;
        return val;
    }

    hashpair getNext() { return next; }                             // 18
    void setKey(var newKey) { key = newKey; }                       // 19
    void setVal(var newVal) { val = newVal; }                       // 20
    void setNext(var newNext : hashpair) { next = newNext; }        // 21
};

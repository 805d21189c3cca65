// arraylist.ph - .phantom.util.arraylist, a growable list of objects indexed from 0.
//
// The elements live in a native array (.internal.container.array) whose slots past
// `count` are kept null: the native array grows on a store past its end but never
// shrinks, so the list keeps its own length. An index outside 0...size()-1 throws the
// string "arraylist index out of bounds" (insert also accepts size()).
// An instance made without its constructor sets itself up on first use.

package .phantom.util;

class arraylist
{
    var items : .internal.object [];    // stores of untyped values go through store()
    var count : int;

    // Empties the list.
    void init()                                                     // 16
    {
        items = new .internal.object[]();
        count = 0;
    }

    // Appends value at the end.
    void add(var value)                                             // 17
    {
        ready();
        store(count, value);
        count = count + 1;
    }

    // The element at index.
    .internal.object get(var index : int)                           // 18
    {
        ready();
        check(index, count);
        return items[index];
    }

    // Replaces the element at index; returns the previous one.
    .internal.object set(var index : int, var value)                // 19
    {
        var old : .internal.object;
        ready();
        check(index, count);
        old = items[index];
        store(index, value);
        return old;
    }

    // The number of elements.
    int size()                                                      // 20
    {
        ready();
        return count;
    }

    // Removes the element at index, moving the later ones down; returns it.
    .internal.object remove(var index : int)                        // 21
    {
        var old : .internal.object;
        var i : int;
        ready();
        check(index, count);
        old = items[index];
        i = index + 1;
        while( i < count )
        {
            items[i - 1] = items[i];
            i = i + 1;
        }
        count = count - 1;
        items[count] = null;
        return old;
    }

    // Inserts value before index (index = size() appends).
    void insert(var index : int, var value)                         // 22
    {
        var i : int;
        ready();
        check(index, count + 1);
        i = count;
        while( i > index )
        {
            items[i] = items[i - 1];
            i = i - 1;
        }
        store(index, value);
        count = count + 1;
    }

    // The first index whose element == value, or -1.
    int indexOf(var value)                                          // 23
    {
        var i : int;
        ready();
        i = 0;
        while( i < count )
        {
            if( value == items[i] )
                return i;
            i = i + 1;
        }
        return -1;
    }

    // 1 if some element == value, else 0.
    int contains(var value)                                         // 24
    {
        return indexOf(value) >= 0;
    }

    // Removes every element.
    void clear()                                                    // 25
    {
        var i : int;
        ready();
        i = 0;
        while( i < count )
        {
            items[i] = null;
            i = i + 1;
        }
        count = 0;
    }

    // The elements, in order, in a new array.
    .internal.object [] toArray()                                   // 26
    {
        var result : .internal.object [];
        var i : int;
        ready();
        result = new .internal.object[]();
        i = 0;
        while( i < count )
        {
            result[i] = items[i];
            i = i + 1;
        }
        return result;
    }

    // Throws unless 0 <= index < limit.
    void check(var index : int, var limit : int)                    // 27
    {
        if( index < 0 || index >= limit )
            throw "arraylist index out of bounds";
    }

    // Sets up an instance that was made without its constructor.
    void ready()                                                    // 28
    {
        if( items :== null )
            init();
    }

    // items[slot] = value. Our compiler casts an untyped value stored into a typed
    // array, and a cast of null throws, so null is stored as the literal.
    void store(var slot : int, var value)                           // 29
    {
        if( value :== null )
            items[slot] = null;
        else
            items[slot] = value;
    }

    void arraylist() { init(); }                                    // constructor
};

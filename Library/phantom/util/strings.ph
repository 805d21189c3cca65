// strings.ph - .phantom.util.strings, helpers for the native string class, whose own
// methods are only substring, charAt, concat, length, strstr and toInt. Make one
// instance (new .phantom.util.strings()) and call its methods; it holds no state.
//
// The native substring(index, length) throws when index is not inside the string, so
// substring of "" or at the very end always throws; slice never does.

package .phantom.util;

class strings
{
    // The bytes from..to-1 of s, clamped to the string: never throws.
    string slice(var s : string, var from : int, var to : int)      // 16
    {
        var n : int;
        n = s.length();
        if( from < 0 ) from = 0;
        if( to > n ) to = n;
        if( from >= to )
            return "";
        return s.substring(from, to - from);
    }

    // 1 if the byte c is a space, tab, CR or LF.
    int isSpace(var c : int)                                        // 17
    {
        return c == 32 || c == 9 || c == 13 || c == 10;
    }

    // s without leading and trailing white space.
    string trim(var s : string)                                     // 18
    {
        var from : int;
        var to : int;
        from = 0;
        to = s.length();
        while( from < to )
        {
            if( !isSpace(s.charAt(from)) )
                break;
            from = from + 1;
        }
        while( to > from )
        {
            if( !isSpace(s.charAt(to - 1)) )
                break;
            to = to - 1;
        }
        return slice(s, from, to);
    }

    // 1 if s begins with prefix.
    int startsWith(var s : string, var prefix : string)             // 19
    {
        if( prefix.length() > s.length() )
            return 0;
        return slice(s, 0, prefix.length()) == prefix;
    }

    // 1 if s ends with suffix.
    int endsWith(var s : string, var suffix : string)               // 20
    {
        if( suffix.length() > s.length() )
            return 0;
        return slice(s, s.length() - suffix.length(), s.length()) == suffix;
    }

    // The offset of the first sub in s at or after from, or -1.
    int indexOf(var s : string, var sub : string, var from : int)   // 21
    {
        var at : int;
        if( from < 0 ) from = 0;
        if( from > s.length() )
            return -1;
        at = slice(s, from, s.length()).strstr(sub);
        if( at < 0 )
            return -1;
        return from + at;
    }

    // The pieces of s between occurrences of sep (sep must not be empty). "a,,b" split
    // at "," gives "a", "", "b".
    string [] split(var s : string, var sep : string)               // 22
    {
        var result : string [];
        var n : int;
        var from : int;
        var at : int;
        if( sep.length() == 0 )
            throw "strings.split: empty separator";
        result = new string[]();
        n = 0;
        from = 0;
        at = indexOf(s, sep, 0);
        while( at >= 0 )
        {
            result[n] = slice(s, from, at);
            n = n + 1;
            from = at + sep.length();
            at = indexOf(s, sep, from);
        }
        result[n] = slice(s, from, s.length());
        return result;
    }

    // The words of s, split at runs of white space; none for a blank s.
    string [] words(var s : string)                                 // 23
    {
        var result : string [];
        var n : int;
        var i : int;
        var start : int;
        var len : int;
        result = new string[]();
        n = 0;
        i = 0;
        len = s.length();
        while( i < len )
        {
            while( i < len )
            {
                if( !isSpace(s.charAt(i)) )
                    break;
                i = i + 1;
            }
            if( i < len )
            {
                start = i;
                while( i < len )
                {
                    if( isSpace(s.charAt(i)) )
                        break;
                    i = i + 1;
                }
                result[n] = slice(s, start, i);
                n = n + 1;
            }
        }
        return result;
    }

    // The pieces joined with sep between them.
    string join(var parts : string [], var sep : string)            // 24
    {
        var result : string;
        var i : int;
        var n : int;
        n = parts.size();
        result = "";
        i = 0;
        while( i < n )
        {
            if( i > 0 )
                result = result.concat(sep);
            result = result.concat(parts[i]);
            i = i + 1;
        }
        return result;
    }

    // s with every occurrence of what replaced by with (what must not be empty).
    string replace(var s : string, var what : string, var with : string) // 25
    {
        return join(split(s, what), with);
    }
};

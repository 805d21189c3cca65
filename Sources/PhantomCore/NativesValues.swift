// NativesValues.swift — natives of void (the defaults), int, long, float, double and
// string (PhantomCore, VM layer). Calling conventions: Natives.swift; the layouts of
// strings and boxes: Containers.swift; the behaviour: INTERNAL.md §1.1 and §3.1.
//
// Embedded Swift can neither print nor parse floating point, so this file carries its
// own exact conversions, built on a small unsigned big integer (`Natural`):
//   - `formatFixed` is C's "%f": the exact binary value rounded half-to-even to six
//     fractional digits, as glibc prints it;
//   - `DecimalNumber` reads a decimal number and rounds it correctly (half-to-even)
//     to a float or a double, as strtod does.
//
// Where we differ from the original (collected in Docs/Compatibility.md):
//   - user objects get the void defaults for ordinals 1–15 instead of a FATAL error;
//     their toString is the class name in parentheses, "(.pkg.name)", and their
//     hashCode an identity hash of the object's offset;
//   - string.charAt with a negative index throws the out-of-bounds error (the
//     original reads outside the string);
//   - string.toFloat / toDouble parse like C's atof (the original throws 'not impl');
//   - string.parseJson is strict RFC 8259 (see `parseJSON`);
//   - "%f" prints every NaN as "nan" (glibc prints "-nan" when the sign bit is set).

extension Machine {
    // MARK: - Defaults (.internal.void)

    /// Ordinals every class shares unless it overrides them (INTERNAL.md §1.1). User
    /// objects (tableID −1) use these for all of 0–15, whatever `table` says, so the
    /// class is always taken from `this`.
    func defaultNative(_ table: Int, _ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult {
        switch ordinal {
        case 0, 1: return .value(.null)
        case 2:
            let cls = classOf(this)
            heap.retain(cls)
            return .value(cls)
        case 3: return fail("void clone called")
        case 4:
            if let missing = need(args, 1) { return missing }
            return bool(args[0] == this)
        case 5: return allocating { () throws(SpaceError) in try makeString(defaultText(of: this)) }
        case 6: return allocating { () throws(SpaceError) in try makeString("<void>") }
        case 7: return allocating { () throws(SpaceError) in try makeString("(void)") }
        case 14: return setImmutable(this)
        case 15: return .value(hashCode(of: this))
        default: return fail("invalid syscall called")
        }
    }

    /// void's toString: an internal class's fixed text (INTERNAL.md §3), and for a user
    /// object its class name in parentheses, "(.pkg.name)" — the parentheses follow the
    /// style of "(void)" and "(binary)" and keep it distinct from a string's own text.
    private func defaultText(of value: Ref) -> [UInt8] {
        if let id = tableID(of: value) { return Array(InternalClass.table[id].display.utf8) }
        return Array("(\(className(classOf(value))))".utf8)
    }

    /// The table position of a value's class, nil for a user object. Objects without a
    /// class (the VM's own, such as the root, never handed to Phantom code) count as void.
    private func tableID(of value: Ref) -> Int? {
        let cls = classOf(value)
        return cls.isObject ? internalID(of: cls) : ClassID.void
    }

    /// sys 14 of void: only the value classes and user objects have it; the other
    /// internal classes either override 14 or list it as invalid.
    private func setImmutable(_ this: Ref) -> NativeResult {
        if let id = tableID(of: this) {
            let allowed = [ClassID.void, ClassID.int, ClassID.long, ClassID.float, ClassID.double, ClassID.string]
            guard allowed.contains(id) else { return fail("invalid syscall called") }
        }
        if this.isObject { heap.makeImmutable(this) }
        return .value(Ref(int: 0))
    }

    /// hashCode (INTERNAL.md §1.1) as the int natives return: the PJW hash of the raw
    /// data area. Ints hash their 4 little-endian bytes, strings their 4-byte length word
    /// then their bytes, user objects their offset (an identity hash: their slots hold
    /// references, whose bytes mean nothing to Phantom code), null nothing.
    func hashCode(of value: Ref) -> Ref {
        Ref(int: Int(Int32(bitPattern: hashBits(of: value))))
    }

    private func hashBits(of value: Ref) -> UInt32 {
        if value.isInt { return littleEndianHash(UInt64(truncatingIfNeeded: value.intValue), count: 4) }
        guard value.isObject else { return 0 }
        if tableID(of: value) == nil {
            return littleEndianHash(UInt64(value.offset), count: 8)
        }
        let seed = isString(value) ? littleEndianHash(UInt64(heap.byteCount(value)), count: 4) : 0
        return withBytes(of: value) { Machine.pjwHash($0, seed: seed) }
    }

    /// The PJW hash of the `count` low bytes of `value`, least significant first.
    private func littleEndianHash(_ value: UInt64, count: Int) -> UInt32 {
        var word = value
        return withUnsafeBytes(of: &word) { Machine.pjwHash(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    // MARK: - int, long, float, double

    /// Overrides of the number classes: clone, equals, toString, toXML. hashCode is the
    /// default's (the value bytes are the data area).
    func numberNative(_ table: Int, _ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch ordinal {
        case 3: return cloneNumber(table, this)
        case 4:
            if let missing = need(args, 1) { return missing }
            return bool(numbersEqual(table, this, args[0]))
        case 5:
            if table == ClassID.int || table == ClassID.long {
                let value = table == ClassID.int ? Int64(this.intValue) : Int64(bitPattern: raw64(of: this))
                return allocating { () throws(SpaceError) in try makeDecimal(value) }
            }
            return allocating { () throws(SpaceError) in try makeString(numberText(table, this)) }
        case 6:
            let tag = Array(InternalClass.table[table].name.utf8.dropFirst(".internal.".utf8.count))
            let xml = [UInt8(ascii: "<")] + tag + [UInt8(ascii: ">")] + numberText(table, this)
                + Array("</".utf8) + tag + [UInt8(ascii: ">")]
            return allocating { () throws(SpaceError) in try makeString(xml) }
        case 16 where table == ClassID.double:
            // An extension: IEEE 754's correctly rounded square root (NaN below zero).
            return allocating { () throws(SpaceError) in
                try makeDouble(Double(bitPattern: raw64(of: this)).squareRoot())
            }
        default: return nil
        }
    }

    /// An int is a tagged reference and clones to itself; boxes are copied.
    private func cloneNumber(_ id: Int, _ this: Ref) -> NativeResult {
        switch id {
        case ClassID.int: return .value(this)
        case ClassID.long:
            return allocating { () throws(SpaceError) in try makeLong(Int64(bitPattern: raw64(of: this))) }
        case ClassID.float:
            return allocating { () throws(SpaceError) in try makeFloat(Float(bitPattern: raw32(of: this))) }
        default: return allocating { () throws(SpaceError) in try makeDouble(Double(bitPattern: raw64(of: this))) }
        }
    }

    /// Same class and value. Floats and doubles compare as numbers, as C's `==` does in
    /// the original: NaN equals nothing, 0.0 equals −0.0.
    private func numbersEqual(_ id: Int, _ this: Ref, _ other: Ref) -> Bool {
        if id == ClassID.int { return other.isInt && other.intValue == this.intValue }
        guard other.isObject, heap.classOf(other) == classes[id] else { return false }
        switch id {
        case ClassID.float: return Float(bitPattern: raw32(of: this)) == Float(bitPattern: raw32(of: other))
        case ClassID.double: return Double(bitPattern: raw64(of: this)) == Double(bitPattern: raw64(of: other))
        default: return raw64(of: this) == raw64(of: other)
        }
    }

    /// The decimal text of `value` as a new string, its digits written in place.
    private func makeDecimal(_ value: Int64) throws(SpaceError) -> Ref {
        var magnitude = value.magnitude
        var length = value < 0 ? 2 : 1
        var rest = magnitude / 10
        while rest != 0 {
            length += 1
            rest /= 10
        }
        return try makeString(length: length) { string in
            let start = string.offset + ObjectHeader.size
            var at = start + length
            repeat {
                at -= 1
                space.store8(at, UInt8(ascii: "0") + UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude != 0
            if value < 0 { space.store8(start, UInt8(ascii: "-")) }
        }
    }

    /// toString of a number: decimal for int and long, "%f" for float and double (a
    /// float is widened to double first, as C's varargs do).
    private func numberText(_ id: Int, _ value: Ref) -> [UInt8] {
        switch id {
        case ClassID.int: return Array(String(value.intValue).utf8)
        case ClassID.long: return Array(String(Int64(bitPattern: raw64(of: value))).utf8)
        case ClassID.float: return formatFixed(Double(Float(bitPattern: raw32(of: value))))
        default: return formatFixed(Double(bitPattern: raw64(of: value)))
        }
    }

    // MARK: - string

    /// The natives of `.internal.string` (INTERNAL.md §3.1); nil leaves an ordinal to
    /// the default (13 is invalid there, as in the original).
    func stringNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch ordinal {
        case 3: return allocating { () throws(SpaceError) in try makeString(bytes(of: this)) }
        case 4:
            if let missing = need(args, 1) { return missing }
            let other = args[0]
            return bool(isString(other) && sameBytes(other, this))
        case 5:
            heap.retain(this)
            return .value(this)
        case 8: return substring(this, args)
        case 9: return charAt(this, args)
        case 10: return concat(this, args)
        case 11: return .value(Ref(int: heap.byteCount(this)))
        case 12: return find(this, args)
        case 15: return .value(hashCode(of: this))
        case 16: return .value(Ref(int: Int(Int32(truncatingIfNeeded: atoi(bytes(of: this))))))
        case 17: return allocating { () throws(SpaceError) in try makeLong(atoi(bytes(of: this))) }
        case 18: return toFloat(this)
        case 19: return toDouble(this)
        case 20: return parseJSON(this)
        default: return nil
        }
    }

    /// Runs a native whose argument and range checks throw `NativeError`; a check that
    /// fails becomes the thrown string.
    private func checked(_ body: () throws(NativeError) -> NativeResult) -> NativeResult {
        do { return try body() } catch { return fail(error.message) }
    }

    /// substring(index, length): index must lie inside the string (so "" has no
    /// substrings); the length is clipped to the end.
    private func substring(_ this: Ref, _ args: NativeArgs) -> NativeResult {
        checked { () throws(NativeError) -> NativeResult in
            if let missing = need(args, 2) { return missing }
            let index = try intArg(args, 0).get()
            let length = try intArg(args, 1).get()
            let count = heap.byteCount(this)
            guard index >= 0, index < count else { throw NativeError("string.substring index is out of bounds") }
            guard length >= 0 else { throw NativeError("string.substring length is negative") }
            let slice = byteRange(this, from: index, count: min(length, count - index))
            return allocating { () throws(SpaceError) in try makeString(slice) }
        }
    }

    /// charAt(index): the unsigned byte. A negative index throws too (the original does
    /// not check it and reads outside the string).
    private func charAt(_ this: Ref, _ args: NativeArgs) -> NativeResult {
        checked { () throws(NativeError) -> NativeResult in
            if let missing = need(args, 1) { return missing }
            let index = try intArg(args, 0).get()
            guard index >= 0, index < heap.byteCount(this) else {
                throw NativeError("string.charAt index is out of bounds")
            }
            return .value(Ref(int: Int(heap.loadByte(this, at: index))))
        }
    }

    /// The bytes go from space to space: no host copy.
    private func concat(_ this: Ref, _ args: NativeArgs) -> NativeResult {
        if let missing = need(args, 1) { return missing }
        let other = args[0]
        guard isString(other) else { return fail("not a string arg") }
        let head = heap.byteCount(this)
        return allocating { () throws(SpaceError) in
            try makeString(length: head + heap.byteCount(other)) { joined in
                withBytes(of: this) { heap.storeBytes(joined, at: 0, from: $0) }
                withBytes(of: other) { heap.storeBytes(joined, at: head, from: $0) }
            }
        }
    }

    /// strstr: the byte offset of the first occurrence, or −1; "" is found at 0.
    private func find(_ this: Ref, _ args: NativeArgs) -> NativeResult {
        checked { () throws(NativeError) -> NativeResult in
            if let missing = need(args, 1) { return missing }
            let needle = try stringArg(args, 0).get()
            let haystack = bytes(of: this)
            guard needle.count <= haystack.count else { return .value(Ref(int: -1)) }
            for start in 0...(haystack.count - needle.count)
            where haystack[start..<start + needle.count].elementsEqual(needle) {
                return .value(Ref(int: start))
            }
            return .value(Ref(int: -1))
        }
    }

    private func byteRange(_ object: Ref, from start: Int, count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        result.withUnsafeMutableBytes { heap.loadBytes(object, at: start, into: $0) }
        return result
    }

    /// toFloat and toDouble: the original throws 'not impl'; we parse like C's atof
    /// (leading whitespace, sign, digits, '.', digits, exponent, or inf/infinity/nan;
    /// the rest is ignored, and no number at all reads as 0), correctly rounded.
    private func toFloat(_ this: Ref) -> NativeResult {
        let bits = DecimalNumber(scanning: bytes(of: this), from: 0).bits(.float)
        let value = Float(bitPattern: UInt32(truncatingIfNeeded: bits))
        return allocating { () throws(SpaceError) in try makeFloat(value) }
    }

    private func toDouble(_ this: Ref) -> NativeResult {
        let bits = DecimalNumber(scanning: bytes(of: this), from: 0).bits(.double)
        return allocating { () throws(SpaceError) in try makeDouble(Double(bitPattern: bits)) }
    }

    // MARK: - string.parseJson

    /// parseJson (strict RFC 8259): objects become directories, arrays arrays, strings
    /// strings, true/false the ints 1/0, null null. Integers become longs, as in the
    /// original (programs store them in `.internal.long` fields), or doubles when they do
    /// not fit 64 bits; numbers with a fraction or an exponent become doubles. A repeated key keeps its last value (as JavaScript
    /// does). String bytes ≥ 0x80 are copied unchecked (strings are byte strings);
    /// \u escapes are encoded as UTF-8 and must pair surrogates. Errors throw
    /// 'json: <reason> at <byte offset>'.
    private func parseJSON(_ this: Ref) -> NativeResult {
        var input = JSONInput(bytes: bytes(of: this))
        do throws(JSONFailure) {
            let value = try jsonValue(&input, depth: 0)
            input.skipSpace()
            guard input.current == nil else {
                heap.release(value)
                throw input.failure("trailing characters")
            }
            return .value(value)
        } catch {
            switch error {
            case .syntax(let reason, let offset): return fail("json: \(reason) at \(offset)")
            case .space: return .thrown(outOfMemory)
            }
        }
    }

    /// One value and the space before it; the result is owned.
    private func jsonValue(_ input: inout JSONInput, depth: Int) throws(JSONFailure) -> Ref {
        input.skipSpace()
        guard let byte = input.current else { throw input.failure("unexpected end") }
        // Natives run on the host stack: bound the recursion.
        guard depth < JSONInput.maxDepth else { throw input.failure("nesting too deep") }
        switch byte {
        case UInt8(ascii: "{"): return try jsonObject(&input, depth: depth + 1)
        case UInt8(ascii: "["): return try jsonArray(&input, depth: depth + 1)
        case UInt8(ascii: "\""):
            let text = try input.string()
            return try jsonSpace { () throws(SpaceError) in try makeString(text) }
        case UInt8(ascii: "t"): try input.literal("true"); return Ref(int: 1)
        case UInt8(ascii: "f"): try input.literal("false"); return Ref(int: 0)
        case UInt8(ascii: "n"): try input.literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try jsonNumber(&input)
        default: throw input.failure("unexpected character")
        }
    }

    private func jsonObject(_ input: inout JSONInput, depth: Int) throws(JSONFailure) -> Ref {
        let directory = try jsonSpace { () throws(SpaceError) in try makeDirectory() }
        do throws(JSONFailure) {
            input.at += 1
            input.skipSpace()
            if input.current == UInt8(ascii: "}") { input.at += 1; return directory }
            while true {
                input.skipSpace()
                guard input.current == UInt8(ascii: "\"") else { throw input.failure("expected a string key") }
                let key = try input.string()
                input.skipSpace()
                guard input.current == UInt8(ascii: ":") else { throw input.failure("expected ':'") }
                input.at += 1
                try jsonPut(directory, key, try jsonValue(&input, depth: depth))
                if try input.endOfList(UInt8(ascii: "}")) { return directory }
            }
        } catch {
            heap.release(directory)
            throw error
        }
    }

    /// Stores an owned `value` under `key` (consuming it); a repeated key is replaced.
    private func jsonPut(_ directory: Ref, _ key: [UInt8], _ value: Ref) throws(JSONFailure) {
        defer { heap.release(value) }
        let keyString = try jsonSpace { () throws(SpaceError) in try makeString(key) }
        defer { heap.release(keyString) }
        try jsonSpace { () throws(SpaceError) in
            if try !directoryPut(directory, key: keyString, value) {
                _ = directoryRemove(directory, key)
                _ = try directoryPut(directory, key: keyString, value)
            }
        }
    }

    private func jsonArray(_ input: inout JSONInput, depth: Int) throws(JSONFailure) -> Ref {
        let array = try jsonSpace { () throws(SpaceError) in try makeArray() }
        do throws(JSONFailure) {
            input.at += 1
            input.skipSpace()
            if input.current == UInt8(ascii: "]") { input.at += 1; return array }
            while true {
                let element = try jsonValue(&input, depth: depth)
                defer { heap.release(element) }
                try jsonSpace { () throws(SpaceError) in try arrayAppend(array, element) }
                if try input.endOfList(UInt8(ascii: "]")) { return array }
            }
        } catch {
            heap.release(array)
            throw error
        }
    }

    private func jsonNumber(_ input: inout JSONInput) throws(JSONFailure) -> Ref {
        let start = input.at
        let integral = try input.numberSyntax()
        if integral, let integer = DecimalNumber.integer(input.bytes[start..<input.at]) {
            return try jsonSpace { () throws(SpaceError) in try makeLong(integer) }
        }
        let bits = DecimalNumber(scanning: input.bytes, from: start).bits(.double)
        return try jsonSpace { () throws(SpaceError) in try makeDouble(Double(bitPattern: bits)) }
    }

    /// Runs an allocation inside the JSON parser, whose only errors are `JSONFailure`.
    private func jsonSpace<T>(_ body: () throws(SpaceError) -> T) throws(JSONFailure) -> T {
        do { return try body() } catch { throw .space }
    }

    // MARK: - Display

    /// The text the boot object's print shows for a value: strings raw, numbers as
    /// their toString, everything else as void's toString.
    func displayBytes(_ value: Ref) -> [UInt8] {
        if isString(value) { return bytes(of: value) }
        if let id = tableID(of: value),
            [ClassID.int, ClassID.long, ClassID.float, ClassID.double].contains(id)
        {
            return numberText(id, value)
        }
        return defaultText(of: value)
    }
}

// MARK: - C atoi

/// C's atoi/atoll: leading whitespace (isspace), an optional sign, then decimal digits
/// up to the first other byte, wrapping on overflow (truncate for 32 bits: wrapping
/// modulo 2^64 then 2^32 equals wrapping modulo 2^32).
private func atoi(_ bytes: [UInt8]) -> Int64 {
    var at = skipCSpace(bytes, from: 0)
    var negative = false
    if at < bytes.count, bytes[at] == UInt8(ascii: "-") || bytes[at] == UInt8(ascii: "+") {
        negative = bytes[at] == UInt8(ascii: "-")
        at += 1
    }
    var value: Int64 = 0
    while at < bytes.count, let digit = decimalDigit(bytes[at]) {
        value = value &* 10 &+ Int64(digit)
        at += 1
    }
    return negative ? 0 &- value : value
}

/// Index of the first byte at or after `start` that is not C whitespace.
private func skipCSpace(_ bytes: [UInt8], from start: Int) -> Int {
    var at = start
    while at < bytes.count, bytes[at] == 0x20 || (0x09...0x0D).contains(bytes[at]) { at += 1 }
    return at
}

private func decimalDigit(_ byte: UInt8) -> UInt8? {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : nil
}

// MARK: - JSON input

/// Why parseJson stopped: a syntax error (reason, byte offset) or a full space.
private enum JSONFailure: Error {
    case syntax(String, Int)
    case space
}

/// The JSON text and the parser's position in it; the lexical rules of RFC 8259.
private struct JSONInput {
    /// Deepest nesting of arrays and objects accepted.
    static let maxDepth = 256

    let bytes: [UInt8]
    var at = 0

    var current: UInt8? { at < bytes.count ? bytes[at] : nil }

    func failure(_ reason: String) -> JSONFailure { .syntax(reason, at) }

    mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { at += 1 }
    }

    mutating func literal(_ word: String) throws(JSONFailure) {
        let text = Array(word.utf8)
        guard at + text.count <= bytes.count, bytes[at..<at + text.count].elementsEqual(text) else {
            throw failure("unexpected character")
        }
        at += text.count
    }

    /// After a member or element: true at the closing `close`, false after a comma.
    mutating func endOfList(_ close: UInt8) throws(JSONFailure) -> Bool {
        skipSpace()
        if current == UInt8(ascii: ",") { at += 1; return false }
        if current == close { at += 1; return true }
        if current == nil { throw failure("unexpected end") }
        throw failure(close == UInt8(ascii: "}") ? "expected ',' or '}'" : "expected ',' or ']'")
    }

    /// A string token starting at its opening quote, its escapes decoded.
    mutating func string() throws(JSONFailure) -> [UInt8] {
        at += 1
        var result: [UInt8] = []
        while true {
            guard let byte = current else { throw failure("unexpected end") }
            switch byte {
            case UInt8(ascii: "\""): at += 1; return result
            case UInt8(ascii: "\\"): try escape(into: &result)
            case 0..<0x20: throw failure("control character in string")
            default: result.append(byte); at += 1
            }
        }
    }

    private mutating func escape(into result: inout [UInt8]) throws(JSONFailure) {
        at += 1
        guard let byte = current else { throw failure("unexpected end") }
        if let decoded = simpleEscape(byte) {
            result.append(decoded)
            at += 1
            return
        }
        guard byte == UInt8(ascii: "u") else { throw failure("invalid escape") }
        let start = at - 1
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard current == UInt8(ascii: "\\"), at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: "u") else {
                throw JSONFailure.syntax("unpaired surrogate", start)
            }
            at += 1
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw JSONFailure.syntax("unpaired surrogate", start) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw JSONFailure.syntax("unpaired surrogate", start)
        }
        result += utf8(scalar)
    }

    /// The byte a one-letter escape stands for.
    private func simpleEscape(_ letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return letter
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }

    /// "uXXXX" at the current position (on the 'u'), as a number.
    private mutating func hex4() throws(JSONFailure) -> UInt32 {
        at += 1
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = hexDigit(byte) else { throw failure("invalid unicode escape") }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }

    private func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private func utf8(_ scalar: UInt32) -> [UInt8] {
        switch scalar {
        case 0..<0x80: return [UInt8(scalar)]
        case 0x80..<0x800: return [UInt8(0xC0 | scalar >> 6), UInt8(0x80 | scalar & 0x3F)]
        case 0x800..<0x10000:
            return [UInt8(0xE0 | scalar >> 12), UInt8(0x80 | scalar >> 6 & 0x3F), UInt8(0x80 | scalar & 0x3F)]
        default:
            return [
                UInt8(0xF0 | scalar >> 18), UInt8(0x80 | scalar >> 12 & 0x3F), UInt8(0x80 | scalar >> 6 & 0x3F),
                UInt8(0x80 | scalar & 0x3F),
            ]
        }
    }

    /// Checks the number grammar `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    /// and moves past it; true if it has neither fraction nor exponent.
    mutating func numberSyntax() throws(JSONFailure) -> Bool {
        if current == UInt8(ascii: "-") { at += 1 }
        if current == UInt8(ascii: "0") {
            at += 1
        } else {
            try digits()
        }
        var integral = true
        if current == UInt8(ascii: ".") {
            at += 1
            try digits()
            integral = false
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            at += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { at += 1 }
            try digits()
            integral = false
        }
        return integral
    }

    /// One or more decimal digits.
    private mutating func digits() throws(JSONFailure) {
        guard let byte = current, decimalDigit(byte) != nil else { throw failure("invalid number") }
        while let byte = current, decimalDigit(byte) != nil { at += 1 }
    }
}

// MARK: - Decimal numbers

/// A decimal number as written: value = ±digits × 10^exponent, or infinity or NaN.
/// Only the first `maxDigits` significant digits are kept; later nonzero digits leave
/// a sticky 1 behind them, which rounds exactly as they would (a double's halfway
/// points need at most 768 significant digits).
private struct DecimalNumber {
    enum Kind { case finite, infinity, nan }

    static let maxDigits = 800
    /// Exponents are clamped here while reading: far beyond any float's range, far
    /// from Int overflow.
    static let exponentLimit = 100_000

    var kind = Kind.finite
    var negative = false
    var digits = Natural()
    /// Significant digits held in `digits` (leading zeros are not held).
    var digitCount = 0
    var exponent = 0
    var truncatedNonzero = false

    /// Reads like C's strtod from `start`: whitespace, sign, digits, '.', digits,
    /// exponent, or "inf"/"infinity"/"nan" in any case; what follows is ignored, and
    /// no number at all reads as 0.
    init(scanning bytes: [UInt8], from start: Int) {
        self.init()
        var at = skipCSpace(bytes, from: start)
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") || bytes[at] == UInt8(ascii: "+") {
            negative = bytes[at] == UInt8(ascii: "-")
            at += 1
        }
        if scanSpecial(bytes, at) { return }
        var sawDigit = false
        while at < bytes.count, let digit = decimalDigit(bytes[at]) {
            add(digit, fractional: false)
            sawDigit = true
            at += 1
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            while at < bytes.count, let digit = decimalDigit(bytes[at]) {
                add(digit, fractional: true)
                sawDigit = true
                at += 1
            }
        }
        guard sawDigit else {
            self = DecimalNumber()
            return
        }
        scanExponent(bytes, at)
        if truncatedNonzero {
            digits.multiply(by: 10, adding: 1)
            digitCount += 1
            exponent -= 1
        }
    }

    private init() {}

    /// One digit of the mantissa, `fractional` if after the point.
    private mutating func add(_ digit: UInt8, fractional: Bool) {
        if fractional { exponent -= 1 }
        if digitCount == 0 && digit == 0 { return }
        if digitCount < DecimalNumber.maxDigits {
            digits.multiply(by: 10, adding: UInt32(digit))
            digitCount += 1
        } else {
            exponent += 1
            if digit != 0 { truncatedNonzero = true }
        }
    }

    /// An exponent part at `start` if there is one ("e" without digits is not one).
    private mutating func scanExponent(_ bytes: [UInt8], _ start: Int) {
        guard start < bytes.count, bytes[start] | 0x20 == UInt8(ascii: "e") else { return }
        var at = start + 1
        var negativeExponent = false
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") || bytes[at] == UInt8(ascii: "+") {
            negativeExponent = bytes[at] == UInt8(ascii: "-")
            at += 1
        }
        guard at < bytes.count, decimalDigit(bytes[at]) != nil else { return }
        var value = 0
        while at < bytes.count, let digit = decimalDigit(bytes[at]) {
            value = min(value * 10 + Int(digit), DecimalNumber.exponentLimit)
            at += 1
        }
        exponent += negativeExponent ? -value : value
    }

    /// "inf", "infinity" or "nan" (any case) at `at`: sets the kind and returns true.
    private mutating func scanSpecial(_ bytes: [UInt8], _ at: Int) -> Bool {
        func matches(_ word: String) -> Bool {
            let text = Array(word.utf8)
            guard at + text.count <= bytes.count else { return false }
            return (0..<text.count).allSatisfy { bytes[at + $0] | 0x20 == text[$0] }
        }
        if matches("inf") { kind = .infinity; return true }
        if matches("nan") { kind = .nan; return true }
        return false
    }

    /// An integer token (optional '-', digits) as Int64, nil if it does not fit.
    static func integer(_ text: ArraySlice<UInt8>) -> Int64? {
        let negative = text.first == UInt8(ascii: "-")
        var magnitude: UInt64 = 0
        for byte in text.dropFirst(negative ? 1 : 0) {
            guard let digit = decimalDigit(byte) else { return nil }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { return nil }
            magnitude = sum
        }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// The value as the bit pattern of `format`, rounded to nearest, ties to even.
    func bits(_ format: BinaryFormat) -> UInt64 {
        let sign = negative ? format.signBit : 0
        switch kind {
        case .nan: return sign | format.nanBits
        case .infinity: return sign | format.infinityBits
        case .finite: break
        }
        // The value lies in [10^(magnitude-1), 10^magnitude).
        let magnitude = digitCount + exponent
        if digits.isZero || magnitude < -330 { return sign }
        if magnitude > 310 { return sign | format.infinityBits }
        var scaled = digits
        if exponent >= 0 {
            scaled.multiply(byPowerOfTen: exponent)
            return sign | format.round(scaled, exponent: 0, sticky: false)
        }
        // Divide by 10^-exponent after shifting left enough that at least 64 bits of
        // quotient remain (10^k < 2^4k); a nonzero remainder is the sticky bit.
        let shift = max(0, 4 * -exponent + 64 - scaled.bitLength)
        scaled.shiftLeft(shift)
        let exact = scaled.divide(byPowerOfTen: -exponent)
        return sign | format.round(scaled, exponent: -shift, sticky: !exact)
    }
}

/// An IEEE 754 binary format: what `DecimalNumber.bits` needs to round into it.
private struct BinaryFormat {
    static let double = BinaryFormat(precision: 53, exponentBias: 1023, width: 64)
    static let float = BinaryFormat(precision: 24, exponentBias: 127, width: 32)

    /// Significand bits, the hidden bit included.
    let precision: Int
    let exponentBias: Int
    let width: Int

    var fractionBits: Int { precision - 1 }
    /// The exponent of a subnormal's last bit (value = fraction × 2^minExponent).
    var minExponent: Int { 1 - exponentBias - fractionBits }
    var signBit: UInt64 { UInt64(1) << (width - 1) }
    var infinityBits: UInt64 { UInt64(2 * exponentBias + 1) << fractionBits }
    var nanBits: UInt64 { infinityBits | (UInt64(1) << (fractionBits - 1)) }

    /// The magnitude (value + sticky) × 2^exponent, rounded half-to-even to this
    /// format's bits (subnormals and overflow to infinity included). `sticky` means a
    /// nonzero amount below the lowest bit of `value`; callers give at least 64 bits
    /// of value whenever it is set, so it only ever joins bits that are dropped.
    func round(_ value: Natural, exponent: Int, sticky: Bool) -> UInt64 {
        var shift = max(value.bitLength - precision, minExponent - exponent)
        var significand: UInt64
        if shift <= 0 {
            significand = value.low64 << -shift
        } else {
            var kept = value
            kept.shiftRight(shift)
            significand = kept.low64
            let half = value.bit(shift - 1)
            if half && (sticky || value.anyBit(below: shift - 1) || significand & 1 == 1) { significand += 1 }
            if significand == UInt64(1) << precision {
                significand >>= 1
                shift += 1
            }
        }
        // significand × 2^(exponent + shift), normalised unless subnormal.
        if significand < UInt64(1) << fractionBits { return significand }
        let biased = exponent + shift + fractionBits + exponentBias
        if biased > 2 * exponentBias { return infinityBits }
        return UInt64(biased) << fractionBits | (significand & ((UInt64(1) << fractionBits) - 1))
    }
}

// MARK: - "%f"

/// C's printf "%f" of `value`: the exact binary value rounded half-to-even to six
/// fractional digits (glibc's result in the default rounding mode), "-" whenever the
/// sign bit is set ("-0.000000"), and "inf", "-inf", "nan".
private func formatFixed(_ value: Double) -> [UInt8] {
    let bits = value.bitPattern
    let negative = bits >> 63 != 0
    let biased = Int(bits >> 52 & 0x7FF)
    let fraction = bits & ((UInt64(1) << 52) - 1)
    if biased == 0x7FF {
        if fraction != 0 { return Array("nan".utf8) }
        return Array((negative ? "-inf" : "inf").utf8)
    }
    // value = significand × 2^exponent exactly; scale by 10^6 and round to an integer.
    let significand = biased == 0 ? fraction : fraction | UInt64(1) << 52
    let exponent = biased == 0 ? -1074 : biased - 1075
    var micros = Natural(significand)
    micros.multiply(by: 1_000_000)
    if exponent >= 0 {
        micros.shiftLeft(exponent)
    } else {
        let half = micros.bit(-exponent - 1)
        let rest = micros.anyBit(below: -exponent - 1)
        micros.shiftRight(-exponent)
        if half && (rest || micros.isOdd) { micros.multiply(by: 1, adding: 1) }
    }
    var digits = micros.decimalDigits()
    if digits.count < 7 { digits = [UInt8](repeating: UInt8(ascii: "0"), count: 7 - digits.count) + digits }
    digits.insert(UInt8(ascii: "."), at: digits.count - 6)
    return negative ? [UInt8(ascii: "-")] + digits : digits
}

// MARK: - Natural

/// An unsigned integer of any size (little-endian 32-bit limbs), just enough for exact
/// decimal ↔ binary conversion of floats without Foundation. Sizes stay small: at most
/// about 2^1100 when printing and 2^4600 when parsing.
private struct Natural {
    /// No trailing zero limbs; zero is empty.
    private(set) var limbs: [UInt32] = []

    init(_ value: UInt64 = 0) {
        if value != 0 { limbs.append(UInt32(truncatingIfNeeded: value)) }
        if value >> 32 != 0 { limbs.append(UInt32(value >> 32)) }
    }

    var isZero: Bool { limbs.isEmpty }
    var isOdd: Bool { (limbs.first ?? 0) & 1 == 1 }

    var bitLength: Int {
        guard let top = limbs.last else { return 0 }
        return limbs.count * 32 - top.leadingZeroBitCount
    }

    /// The lowest 64 bits.
    var low64: UInt64 {
        let low = UInt64(limbs.first ?? 0)
        return limbs.count > 1 ? low | UInt64(limbs[1]) << 32 : low
    }

    func bit(_ index: Int) -> Bool {
        guard index >= 0, index / 32 < limbs.count else { return false }
        return limbs[index / 32] >> (index % 32) & 1 == 1
    }

    /// True if any bit below `index` is set.
    func anyBit(below index: Int) -> Bool {
        guard index > 0 else { return false }
        let whole = min(index / 32, limbs.count)
        if limbs[0..<whole].contains(where: { $0 != 0 }) { return true }
        guard index / 32 < limbs.count else { return false }
        return limbs[index / 32] & ((UInt32(1) << (index % 32)) - 1) != 0
    }

    mutating func multiply(by factor: UInt32, adding addend: UInt32 = 0) {
        var carry = UInt64(addend)
        for i in limbs.indices {
            let product = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
        trim()
    }

    mutating func multiply(byPowerOfTen power: Int) {
        var left = power
        while left > 0 {
            let step = min(left, 9)
            multiply(by: Natural.powerOfTen(step))
            left -= step
        }
    }

    /// Divides in place; returns the remainder.
    mutating func divide(by divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        for i in limbs.indices.reversed() {
            let current = remainder << 32 | UInt64(limbs[i])
            limbs[i] = UInt32(truncatingIfNeeded: current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        trim()
        return UInt32(truncatingIfNeeded: remainder)
    }

    /// Divides in place by 10^power (floor); true if the division was exact. Floor
    /// divisions compose, so dividing in steps of 10^9 loses nothing.
    mutating func divide(byPowerOfTen power: Int) -> Bool {
        var exact = true
        var left = power
        while left > 0 {
            let step = min(left, 9)
            if divide(by: Natural.powerOfTen(step)) != 0 { exact = false }
            left -= step
        }
        return exact
    }

    mutating func shiftLeft(_ bits: Int) {
        guard !isZero, bits > 0 else { return }
        let part = bits % 32
        var result = [UInt32](repeating: 0, count: bits / 32)
        result.reserveCapacity(bits / 32 + limbs.count + 1)
        var carry: UInt32 = 0
        for limb in limbs {
            result.append(part == 0 ? limb : limb << part | carry)
            carry = part == 0 ? 0 : limb >> (32 - part)
        }
        if carry != 0 { result.append(carry) }
        limbs = result
    }

    mutating func shiftRight(_ bits: Int) {
        let whole = bits / 32
        let part = bits % 32
        guard whole < limbs.count else { limbs = []; return }
        var result = Array(limbs[whole...])
        if part != 0 {
            for i in result.indices {
                let high = i + 1 < result.count ? result[i + 1] << (32 - part) : 0
                result[i] = result[i] >> part | high
            }
        }
        limbs = result
        trim()
    }

    /// Decimal digits as ASCII, most significant first ("0" for zero).
    func decimalDigits() -> [UInt8] {
        var rest = self
        var chunks: [UInt32] = []
        repeat { chunks.append(rest.divide(by: 1_000_000_000)) } while !rest.isZero
        var result: [UInt8] = []
        for (i, chunk) in chunks.reversed().enumerated() {
            let text = Array(String(chunk).utf8)
            if i > 0 { result += [UInt8](repeating: UInt8(ascii: "0"), count: 9 - text.count) }
            result += text
        }
        return result
    }

    private mutating func trim() {
        while limbs.last == 0 { limbs.removeLast() }
    }

    private static func powerOfTen(_ power: Int) -> UInt32 {
        var result: UInt32 = 1
        for _ in 0..<power { result *= 10 }
        return result
    }
}

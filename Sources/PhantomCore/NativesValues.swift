// NativesValues.swift — natives of void (the defaults), int, long, float, double and
// string (PhantomCore, VM layer). Calling conventions: Natives.swift.

extension VM {
    /// Ordinals every class shares unless it overrides them (INTERNAL.md §1.1).
    func defaultNative(_ table: Int, _ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult {
        switch ordinal {
        case 0, 1: return .value(.null)
        case 2: return .value(classOf(this))
        case 4: return bool(args.count > 0 && args[0] == this)
        default: return fail("invalid syscall called")
        }
    }

    func numberNative(_ table: Int, _ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func stringNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }

    /// The text the boot object's print shows for a value.
    func displayBytes(_ value: Ref) -> [UInt8] {
        if value.isInt { return Array(String(value.intValue).utf8) }
        if isString(value) { return bytes(of: value) }
        return Array(InternalClass.table[0].display.utf8)
    }
}

// NativesSystem.swift — natives of boot, io.tty, mutex, cond, sema and connection
// (PhantomCore, VM layer). Calling conventions: Natives.swift.

extension VM {
    func bootNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func ttyNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func syncNative(_ table: Int, _ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func connectionNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
}

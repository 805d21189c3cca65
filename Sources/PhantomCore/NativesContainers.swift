// NativesContainers.swift — natives of array, binary, bitmap, directory, class,
// closure, thread, world, io and the placeholder classes (PhantomCore, VM layer).
// Calling conventions: Natives.swift.

extension VM {
    func arrayNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func binaryNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func bitmapNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func directoryNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func classNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func closureNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func threadNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func worldNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func ioNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
    func placeholderNative(_ table: Int, _ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? { nil }
}

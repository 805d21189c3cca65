// Natives.swift — how native (`sys`) methods are called (PhantomCore, VM layer).
//
// An internal class's method table holds the stubs `sys k; ret` (INTERNAL.md §1). The
// interpreter does not build a frame for them: a call that lands on a stub runs the
// native directly on the caller's stack, which is the same thing without the frame.
// The arguments stay on the caller's object stack while the native runs; if it blocks,
// the caller's IP stays on the call instruction, so after a wake-up or a restart the
// call simply runs again (BYTECODE.md §7: natives are restartable, so they must be
// idempotent or keep their progress in the space).
//
// The natives of each class live in their own file:
//   NativesValues.swift      void (the defaults), int, long, float, double, string
//   NativesContainers.swift  array, page, binary, bitmap, directory, class, closure,
//                            thread, world, io and the placeholder classes
//   NativesSystem.swift      boot, io.tty, mutex, cond, sema, connection
//
// Conventions for a native: `this` and the arguments are borrowed (the stack owns
// them); a returned or thrown reference is owned (+1), and null or an int needs no
// count. Arguments are in source order: `args[0]` is the first argument written.

/// What a native call did.
enum NativeResult {
    /// Returned a value (owned).
    case value(Ref)
    /// Threw a value (owned); the interpreter unwinds from the calling instruction.
    case thrown(Ref)
    /// Parked the current thread (its state is already set in the space); the call
    /// runs again when the thread is woken.
    case block
}

/// The arguments of a native call: borrowed cells of the caller's object stack.
struct NativeArgs {
    let base: UnsafeMutablePointer<UInt64>
    let count: Int

    /// Argument `i`, or null past the end (natives check counts with `VM.need`).
    subscript(_ i: Int) -> Ref { i < count ? Ref(raw: base[i]) : .null }
}

extension Machine {
    /// Whether the natives of internal class `table` only work on values (numbers,
    /// strings, containers) and never look at a thread's state.
    static func nativesIgnoreThreads(_ table: Int) -> Bool {
        switch table {
        case ClassID.int, ClassID.long, ClassID.float, ClassID.double, ClassID.string, ClassID.array,
            ClassID.directory, ClassID.binary, ClassID.bitmap:
            return true
        default:
            return false
        }
    }

    /// Runs native `ordinal` of table `table` on `this`.
    func callNative(table: Int, ordinal: Int, this: Ref, _ args: NativeArgs) -> NativeResult {
        guard ordinal < InternalClass.table[table].nativeCount else {
            return fail("no method \(ordinal) in \(InternalClass.table[table].name)")
        }
        let specific: NativeResult?
        switch table {
        case ClassID.int, ClassID.long, ClassID.float, ClassID.double:
            specific = numberNative(table, ordinal, this, args)
        case ClassID.string: specific = stringNative(ordinal, this, args)
        case ClassID.array: specific = arrayNative(ordinal, this, args)
        case ClassID.binary: specific = binaryNative(ordinal, this, args)
        case ClassID.bitmap: specific = bitmapNative(ordinal, this, args)
        case ClassID.directory: specific = directoryNative(ordinal, this, args)
        case ClassID.class: specific = classNative(ordinal, this, args)
        case ClassID.closure: specific = closureNative(ordinal, this, args)
        case ClassID.thread: specific = threadNative(ordinal, this, args)
        case ClassID.world: specific = worldNative(ordinal, this, args)
        case ClassID.io: specific = ioNative(ordinal, this, args)
        case ClassID.tcp, ClassID.udp, ClassID.net, ClassID.http, ClassID.time, ClassID.stat,
            ClassID.port, ClassID.uiControl, ClassID.uiFont:
            specific = placeholderNative(table, ordinal, this, args)
        case ClassID.boot: specific = bootNative(ordinal, this, args)
        case ClassID.tty: specific = ttyNative(ordinal, this, args)
        case ClassID.mutex, ClassID.cond, ClassID.sema: specific = syncNative(table, ordinal, this, args)
        case ClassID.connection: specific = connectionNative(ordinal, this, args)
        default: specific = nil
        }
        if let specific { return specific }
        return defaultNative(table, ordinal, this, args)
    }

    // MARK: - Helpers for natives

    /// Throws a `.internal.string` with `message` (catchable as `string`).
    func fail(_ message: String) -> NativeResult {
        do { return .thrown(try makeString(message)) } catch { return .thrown(outOfMemory) }
    }

    /// Runs an allocating body; a full space becomes a thrown "out of memory".
    func allocating(_ body: () throws(SpaceError) -> Ref) -> NativeResult {
        do { return .value(try body()) } catch { return .thrown(outOfMemory) }
    }

    /// Nil when at least `count` arguments were passed, else the original's error.
    func need(_ args: NativeArgs, _ count: Int) -> NativeResult? {
        args.count < count ? fail("sys: need more parameters") : nil
    }

    /// Argument `i` as an int, or the thrown error the original gives for a non-int.
    func intArg(_ args: NativeArgs, _ i: Int) -> Result<Int, NativeError> {
        let value = args[i]
        guard i < args.count, value.isInt else { return .failure(NativeError("not an integer arg")) }
        return .success(value.intValue)
    }

    /// Argument `i` as a string's bytes, or the error for a non-string.
    func stringArg(_ args: NativeArgs, _ i: Int) -> Result<[UInt8], NativeError> {
        let value = args[i]
        guard i < args.count, isString(value) else { return .failure(NativeError("not a string arg")) }
        return .success(bytes(of: value))
    }

    /// A boolean as the int 0/1 natives return.
    func bool(_ value: Bool) -> NativeResult { .value(Ref(int: value ? 1 : 0)) }
}

/// A message a native throws as a string (used with `Result` for argument checks).
struct NativeError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

// NativesContainers.swift — natives of array, binary, bitmap, directory, class,
// closure, thread, world, io and the placeholder classes, and what `new` makes of an
// internal class (PhantomCore, VM layer). Calling conventions: Natives.swift; the
// array and directory layouts and helpers: Containers.swift; the methods themselves:
// INTERNAL.md §3.
//
// Where the original throws 'not implemented', is broken or would crash the kernel, we
// do what the method's name promises when that is cheap, and otherwise throw a
// catchable string. Every such choice is listed in Docs/Compatibility.md under
// "Internal classes".

/// Slots of a `.internal.bitmap`. The image is a `.internal.binary` of
/// xsize × ysize pixels, 4 bytes each in the order R, G, B, A, rows from the top.
/// (The original stores rows bottom-up because its screen origin is bottom-left; the
/// image is not visible to Phantom code, so only our own blitters read it.)
enum BitmapSlot {
    static let count = 3
    static let image = 0
    /// int: width in pixels.
    static let xsize = 1
    /// int: height in pixels.
    static let ysize = 2
}

/// Slots of a `.internal.closure`: an object and a method ordinal. Nothing in the VM
/// invokes a closure (INTERNAL.md §3.11); Phantom code only stores and reads them.
enum ClosureSlot {
    static let count = 2
    static let object = 0
    /// int: the method ordinal.
    static let ordinal = 1
}

/// Limits of this file's natives.
private enum ContainerLimit {
    /// Array indices at or above this throw "out of memory" instead of growing: the
    /// doubled capacity must stay below the heap's largest slot object (2^29 − 1
    /// slots), and no space we run in could hold such an array anyway.
    static let arrayIndex = 1 << 28
    /// Slots of the generic object `new` makes for classes whose state lives in
    /// another file (mutex, cond, sema, tty, boot, connection, …).
    static let genericSlots = 8
    /// EEXIST and ENOENT, as directory put and remove return them.
    static let exists = 17
    static let noEntry = 2
}

extension Machine {
    // MARK: - Array

    func arrayNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch ordinal {
        case 8:
            // An iterator needs an iterator class the original never defined; callers
            // use size/get instead.
            return fail("get iterator is not implemented yet")
        case 9:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 2) { return error }
                let base = try intArg(args, 0).get()
                let length = try intArg(args, 1).get()
                let size = arraySize(this)
                guard base >= 0, length >= 0, base <= size, length <= size - base else {
                    return fail("array subarray - index is out of bounds")
                }
                return allocating { () throws(SpaceError) -> Ref in try arrayCopy(this, from: base, count: length) }
            }
        case 10:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 1) { return error }
                let index = try intArg(args, 0).get()
                // The original compares unsigned, so a negative index is out of bounds too.
                guard index >= 0, index < arraySize(this) else { return fail("array get - index is out of bounds") }
                return owned(arrayGet(this, index))
            }
        case 11:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 2) { return error }
                let value = args[0]
                let index = try intArg(args, 1).get()
                // The original kills the thread for both; a catchable string is kinder.
                guard !heap.isImmutable(this) else { return fail("array is immutable") }
                guard index >= 0 else { return fail("array set - index is out of bounds") }
                guard index < ContainerLimit.arrayIndex else { return .thrown(outOfMemory) }
                do throws(SpaceError) { try arraySet(this, index, value) } catch { return .thrown(outOfMemory) }
                return owned(value)
            }
        case 12:
            return .value(Ref(int: arraySize(this)))
        default:
            return nil
        }
    }

    /// A new array holding `count` elements of `array` from `base` (owned).
    private func arrayCopy(_ array: Ref, from base: Int, count: Int) throws(SpaceError) -> Ref {
        let copy = try makeArray(capacity: count)
        let storage = heap.load(copy, slot: ArraySlot.storage)
        for i in 0..<count { heap.store(storage, slot: i, arrayGet(array, base + i)) }
        heap.store(copy, slot: ArraySlot.size, Ref(int: count))
        return copy
    }

    // MARK: - Binary

    func binaryNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch ordinal {
        case 8:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 1) { return error }
                let index = try intArg(args, 0).get()
                guard index >= 0, index < heap.byteCount(this) else { return fail("binary index out of bounds") }
                return .value(Ref(int: Int(heap.loadByte(this, at: index))))
            }
        case 9:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 2) { return error }
                let index = try intArg(args, 0).get()
                let value = try intArg(args, 1).get()
                guard index >= 0, index < heap.byteCount(this) else { return fail("binary index out of bounds") }
                guard !heap.isImmutable(this) else { return fail("binary is immutable") }
                heap.storeByte(this, at: index, UInt8(truncatingIfNeeded: value))
                return .value(.null)
            }
        case 10:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 4) { return error }
                let source = args[0]
                let toPos = try intArg(args, 1).get()
                let fromPos = try intArg(args, 2).get()
                let length = try intArg(args, 3).get()
                // The original copies from whatever it is given; a string has the same
                // data layout as a binary there, so both are accepted here.
                guard source.isObject, classOf(source) == classes[ClassID.binary] || isString(source) else {
                    return fail("not a binary arg")
                }
                let size = heap.byteCount(this)
                guard toPos >= 0, length >= 0, toPos <= size, length <= size - toPos else {
                    return fail("binary copy dest index/len out of bounds")
                }
                let sourceSize = heap.byteCount(source)
                guard fromPos >= 0, fromPos <= sourceSize, length <= sourceSize - fromPos else {
                    return fail("binary copy src index/len out of bounds")
                }
                guard !heap.isImmutable(this) else { return fail("binary is immutable") }
                // Through a buffer, so that a copy within one binary behaves like memmove.
                var buffer = [UInt8](repeating: 0, count: length)
                buffer.withUnsafeMutableBytes { heap.loadBytes(source, at: fromPos, into: $0) }
                buffer.withUnsafeBytes { heap.storeBytes(this, at: toPos, from: $0) }
                return .value(.null)
            }
        default:
            return nil
        }
    }

    // MARK: - Bitmap

    func bitmapNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch ordinal {
        case 8:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 1) { return error }
                let data = try stringArg(args, 0).get()
                guard let image = PPMImage(parsing: data) else { return fail("can not parse graphics data") }
                if let error = writable(this, slots: BitmapSlot.count) { return error }
                return allocating { () throws(SpaceError) -> Ref in
                    let pixels = try heap.allocate(bytes: image.rgba.count, class: classes[ClassID.binary])
                    image.rgba.withUnsafeBytes { heap.storeBytes(pixels, at: 0, from: $0) }
                    heap.store(this, slot: BitmapSlot.image, pixels)
                    heap.release(pixels)
                    heap.store(this, slot: BitmapSlot.xsize, Ref(int: image.width))
                    heap.store(this, slot: BitmapSlot.ysize, Ref(int: image.height))
                    return .null
                }
            }
        case 9:
            // paintTo: the original's body is compiled out; windows draw bitmaps instead.
            return .value(.null)
        default:
            return nil
        }
    }

    // MARK: - Directory

    func directoryNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch ordinal {
        case 4:
            return fail("dir.equals: not implemented")
        case 8:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 2) { return error }
                let key = args[0]
                guard isString(key) else { throw NativeError("not a string arg") }
                guard !heap.isImmutable(this) else { return fail("directory is immutable") }
                // Strings are immutable, so the key object itself can be kept.
                do throws(SpaceError) {
                    let added = try directoryPut(this, key: key, args[1])
                    return .value(Ref(int: added ? 0 : ContainerLimit.exists))
                } catch {
                    return .thrown(outOfMemory)
                }
            }
        case 9:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 1) { return error }
                guard isString(args[0]) else { throw NativeError("not a string arg") }
                return owned(directoryGet(this, key: args[0]) ?? .null)
            }
        case 10:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 1) { return error }
                let key = try stringArg(args, 0).get()
                guard !heap.isImmutable(this) else { return fail("directory is immutable") }
                return .value(Ref(int: directoryRemove(this, key) ? 0 : ContainerLimit.noEntry))
            }
        case 11:
            return .value(Ref(int: directoryCount(this)))
        case 12:
            // The original throws 'dir.iterate: not implemented'. An array of the keys
            // (in table order) is what iterating a directory needs, and costs little.
            return allocating { () throws(SpaceError) -> Ref in try directoryKeys(this) }
        default:
            return nil
        }
    }

    /// A new array of the directory's keys (owned). Sized up front, so it allocates
    /// only once and a full space leaves nothing behind.
    private func directoryKeys(_ directory: Ref) throws(SpaceError) -> Ref {
        let keys = heap.load(directory, slot: DirectorySlot.keys)
        let list = try makeArray(capacity: directoryCount(directory))
        let storage = heap.load(list, slot: ArraySlot.storage)
        var count = 0
        for slot in 0..<heap.slotCount(keys) {
            let key = heap.load(keys, slot: slot)
            guard !key.isNull, count < heap.slotCount(storage) else { continue }
            heap.store(storage, slot: count, key)
            count += 1
        }
        heap.store(list, slot: ArraySlot.size, Ref(int: count))
        return list
    }

    // MARK: - Class

    func classNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch ordinal {
        case 8:
            // The original reads the name, slot count and interface all from one
            // argument and builds a class with no methods; classes come from class files.
            return fail("class.newClass is not supported")
        case 10:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 2) { return error }
                let slot = try intArg(args, 0).get()
                guard slot >= 0 else { return fail("class static slot is out of bounds") }
                guard slot < ContainerLimit.arrayIndex else { return .thrown(outOfMemory) }
                do throws(SpaceError) {
                    // Internal classes are formatted without a statics array: make it on
                    // first use, as the original's class init does on creation.
                    var statics = heap.load(this, slot: ClassSlot.statics)
                    if statics.isNull {
                        statics = try makeArray()
                        heap.store(this, slot: ClassSlot.statics, statics)
                        heap.release(statics)
                    }
                    try arraySet(statics, slot, args[1])
                } catch {
                    return .thrown(outOfMemory)
                }
                return .value(.null)
            }
        case 11:
            // The original demands 2 arguments here but reads only one (a bug); one it is.
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 1) { return error }
                let slot = try intArg(args, 0).get()
                let statics = heap.load(this, slot: ClassSlot.statics)
                guard statics.isObject, slot >= 0, slot < arraySize(statics) else { return .value(.null) }
                return owned(arrayGet(statics, slot))
            }
        case 14:
            if let error = need(args, 1) { return error }
            return bool(isSubclass(classOf(args[0]), of: this))
        default:
            return nil
        }
    }

    // MARK: - Closure

    func closureNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch ordinal {
        case 9:
            if let error = shaped(this, slots: ClosureSlot.count) { return error }
            let ordinal = heap.load(this, slot: ClosureSlot.ordinal)
            return .value(ordinal.isInt ? ordinal : Ref(int: 0))
        case 10:
            return checked { () throws(NativeError) -> NativeResult in
                if let error = need(args, 1) { return error }
                let ordinal = try intArg(args, 0).get()
                if let error = writable(this, slots: ClosureSlot.count) { return error }
                heap.store(this, slot: ClosureSlot.ordinal, Ref(int: ordinal))
                return .value(.null)
            }
        case 11:
            if let error = need(args, 1) { return error }
            if let error = writable(this, slots: ClosureSlot.count) { return error }
            heap.store(this, slot: ClosureSlot.object, args[0])
            return .value(.null)
        default:
            return nil
        }
    }

    // MARK: - Thread and world

    func threadNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch ordinal {
        case 10:
            // Pausing is done with connections and sync objects; the original refuses too.
            return fail(this == currentThread ? "Not this way" : "Thread can pause itself only")
        case 11:
            return fail("Not this way")
        case 12:
            if let error = writable(this, slots: ThreadSlot.count) { return error }
            let cached = heap.load(this, slot: ThreadSlot.environment)
            if !cached.isNull { return owned(cached) }
            return allocating { () throws(SpaceError) -> Ref in
                let environment = try makeEnvironment()
                heap.store(this, slot: ThreadSlot.environment, environment)
                return environment
            }
        case 13:
            if let error = shaped(this, slots: ThreadSlot.count) { return error }
            return owned(heap.load(this, slot: ThreadSlot.owner))
        case 14:
            return owned(rootSlot(RootSlot.osInterface))
        default:
            return nil
        }
    }

    /// A new `.phantom.environment` instance (owned), made without a constructor as
    /// the original does. A world without that class gets an empty directory instead:
    /// the original would kill the thread, and a directory is what an environment holds.
    private func makeEnvironment() throws(SpaceError) -> Ref {
        if let cls = try? findClass(".phantom.environment"), internalID(of: cls) == nil {
            let slots = heap.load(cls, slot: ClassSlot.objectSlots)
            return try heap.allocate(slots: slots.isInt ? max(slots.intValue, 0) : 0, class: cls)
        }
        return try makeDirectory()
    }

    func worldNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        ordinal == 8 ? owned(currentThread) : nil
    }

    // MARK: - io and the placeholders

    /// `.internal.io` was a kernel file interface; in the original it is all stubs.
    func ioNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        guard ordinal >= 8, ordinal <= 14 else { return nil }
        // Arguments of 8…14: open, close, read, write, setvar, getvar, reset.
        let needed = [1, 1, 0, 1, 2, 1, 1]
        if let error = need(args, needed[ordinal - 8]) { return error }
        return .value(ordinal == 11 || ordinal == 13 ? Ref(int: 0) : .null)
    }

    /// Networking and the other placeholder classes: argument checks, then 'not
    /// implemented' as in the original (networking is a later issue).
    func placeholderNative(_ table: Int, _ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch table {
        case ClassID.tcp, ClassID.udp:
            switch ordinal {
            case 16, 17, 19, 21, 23, 25:
                // 25 exists only for udp (tcp's table has 25 entries); udp's sendTo.
                if let error = need(args, 2) { return error }
                return fail("not implemented")
            case 24:
                // curl: a blocking HTTP GET through the kernel. udp reaches it too,
                // since the original gives udp tcp's table.
                return fail("not implemented")
            default:
                return nil
            }
        case ClassID.net, ClassID.http:
            guard ordinal == 16 else { return nil }
            if let error = need(args, 1) { return error }
            return fail("not implemented")
        case ClassID.time:
            // The roots stub's unixTime [16] and sleepSec [17] (the 2019 weather demo
            // sleeps with it); the original VM leaves both unimplemented.
            switch ordinal {
            case 16:
                return .value(Ref(int: Int(Int32(truncatingIfNeeded: wallClockMilliseconds() / 1000))))
            case 17:
                if let error = need(args, 1) { return error }
                guard case .success(let seconds) = intArg(args, 0) else { return fail("not an integer arg") }
                return sleep(milliseconds: seconds &* 1000)
            default:
                return nil
            }
        default:
            return ordinal == 16 ? fail("not implemented") : nil
        }
    }

    // MARK: - new

    /// What the `new` opcode makes of internal class `id` (INTERNAL.md §2, "Init on
    /// new"): an owned object, or a thrown string for classes only the VM may create.
    func newInternalObject(_ id: Int) -> NativeResult {
        guard id >= 0, id < InternalClass.table.count else { return fail("no internal class \(id)") }
        switch id {
        case ClassID.void:
            // A fresh, empty object: distinct from null and from every other `new`, so
            // it can serve as a unique token (equals is identity).
            return allocating { () throws(SpaceError) -> Ref in
                let object = try heap.allocate(slots: 0, class: classes[ClassID.void])
                heap.makeImmutable(object)
                return object
            }
        case ClassID.int: return .value(Ref(int: 0))
        case ClassID.long: return allocating { () throws(SpaceError) -> Ref in try makeLong(0) }
        case ClassID.float: return allocating { () throws(SpaceError) -> Ref in try makeFloat(0) }
        case ClassID.double: return allocating { () throws(SpaceError) -> Ref in try makeDouble(0) }
        case ClassID.string: return allocating { () throws(SpaceError) -> Ref in try makeString([UInt8]()) }
        case ClassID.array: return allocating { () throws(SpaceError) -> Ref in try makeArray() }
        case ClassID.directory: return allocating { () throws(SpaceError) -> Ref in try makeDirectory() }
        case ClassID.binary:
            return allocating { () throws(SpaceError) -> Ref in
                try heap.allocate(bytes: 0, class: classes[ClassID.binary])
            }
        case ClassID.bitmap:
            return allocating { () throws(SpaceError) -> Ref in
                let image = try heap.allocate(bytes: 0, class: classes[ClassID.binary])
                defer { heap.release(image) }
                let bitmap = try heap.allocate(slots: BitmapSlot.count, class: classes[ClassID.bitmap])
                heap.store(bitmap, slot: BitmapSlot.image, image)
                heap.store(bitmap, slot: BitmapSlot.xsize, Ref(int: 0))
                heap.store(bitmap, slot: BitmapSlot.ysize, Ref(int: 0))
                return bitmap
            }
        case ClassID.closure:
            return allocating { () throws(SpaceError) -> Ref in
                let closure = try heap.allocate(slots: ClosureSlot.count, class: classes[ClassID.closure])
                heap.store(closure, slot: ClosureSlot.ordinal, Ref(int: 0))
                return closure
            }
        case ClassID.class, ClassID.interface, ClassID.code, ClassID.page, ClassID.thread, ClassID.callFrame,
            ClassID.istack, ClassID.ostack, ClassID.estack:
            // Their layouts are the VM's own (VMLayout.swift); a half-made one would
            // break the interpreter or the class loader.
            return fail("cannot create \(InternalClass.table[id].name) with new")
        default:
            // mutex, cond, sema, tty, boot, window, connection, world, io and the
            // placeholders: their natives (NativesSystem.swift) keep state in slots.
            return allocating { () throws(SpaceError) -> Ref in
                try heap.allocate(slots: ContainerLimit.genericSlots, class: classes[id])
            }
        }
    }

    // MARK: - Helpers

    /// Runs a native body whose argument checks throw `NativeError` (use
    /// `try intArg(args, i).get()`); the error becomes the thrown string.
    private func checked(_ body: () throws(NativeError) -> NativeResult) -> NativeResult {
        do { return try body() } catch { return fail(error.message) }
    }

    /// Returns an existing reference: the caller gets its own count.
    private func owned(_ value: Ref) -> NativeResult {
        heap.retain(value)
        return .value(value)
    }

    /// Nil when `object` is a slot object with at least `count` slots, else the error.
    /// Objects of these classes are only made by `newInternalObject` and the VM, so
    /// this guards against a damaged image, not against Phantom code.
    private func shaped(_ object: Ref, slots count: Int) -> NativeResult? {
        guard object.isObject, heap.hasSlots(object), heap.slotCount(object) >= count else {
            return fail("\(className(classOf(object))) object has the wrong layout")
        }
        return nil
    }

    /// As `shaped`, and the object may be stored to.
    private func writable(_ object: Ref, slots count: Int) -> NativeResult? {
        if let error = shaped(object, slots: count) { return error }
        return heap.isImmutable(object) ? fail("\(className(classOf(object))) object is immutable") : nil
    }
}

// MARK: - PPM

/// A decoded PPM P6 image (netpbm "portable pixmap", binary form), the format plc's
/// `import "file.ppm"` embeds as a string constant for bitmap.loadFromString.
///
/// Header: "P6", then width, height and maxval as decimal numbers separated by
/// whitespace, where `#` starts a comment running to the end of the line; then exactly
/// one whitespace byte and the raster, rows top to bottom, 3 samples per pixel, each
/// 1 byte (maxval < 256) or 2 bytes big-endian. Samples are scaled to 0…255; the
/// original only takes the high byte and never scales, which is the same for maxval 255
/// and 65535. Bytes after the raster are ignored, as the original does; a short raster
/// is an error (the original reads past the end).
struct PPMImage {
    let width: Int
    let height: Int
    /// width × height pixels, bytes R, G, B, A (alpha 255), rows from the top.
    let rgba: [UInt8]

    /// Largest width, height or maxval read: larger numbers cannot be real images and
    /// would overflow the size arithmetic.
    static let maxNumber = 1 << 24

    init?(parsing data: [UInt8]) {
        var reader = PPMReader(data: data)
        guard reader.take(UInt8(ascii: "P")), reader.take(UInt8(ascii: "6")), reader.atSeparator,
            let width = reader.number(), let height = reader.number(), let maxval = reader.number(),
            maxval >= 1, maxval <= 65535, reader.skipOneSpace()
        else { return nil }
        let sampleBytes = maxval < 256 ? 1 : 2
        let pixels = width * height
        // Both numbers are below 2^24, so the products fit comfortably in an Int.
        guard data.count - reader.position >= pixels * 3 * sampleBytes,
            pixels * 4 <= Int(UInt32.max) - ObjectHeader.size
        else { return nil }
        var rgba = [UInt8](repeating: 255, count: pixels * 4)
        var at = reader.position
        for pixel in 0..<pixels {
            for channel in 0..<3 {
                var sample = Int(data[at])
                if sampleBytes == 2 { sample = sample << 8 | Int(data[at + 1]) }
                at += sampleBytes
                // Rounded; a sample above maxval is damage, clamped rather than wrapped.
                rgba[pixel * 4 + channel] = UInt8((min(sample, maxval) * 255 + maxval / 2) / maxval)
            }
        }
        self.width = width
        self.height = height
        self.rgba = rgba
    }
}

/// A cursor over PPM header bytes.
private struct PPMReader {
    let data: [UInt8]
    var position = 0

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < data.count, data[position] == byte else { return false }
        position += 1
        return true
    }

    /// True if the magic is followed by whitespace or a comment (so "P61 …" is not P6).
    var atSeparator: Bool {
        position < data.count && (PPMReader.isSpace(data[position]) || data[position] == UInt8(ascii: "#"))
    }

    /// Skips whitespace and comments, then reads a decimal number ending in whitespace
    /// or a comment.
    mutating func number() -> Int? {
        while position < data.count {
            if PPMReader.isSpace(data[position]) {
                position += 1
            } else if data[position] == UInt8(ascii: "#") {
                while position < data.count, data[position] != 0x0A, data[position] != 0x0D { position += 1 }
            } else {
                break
            }
        }
        var value = 0
        let start = position
        while position < data.count, data[position] >= UInt8(ascii: "0"), data[position] <= UInt8(ascii: "9") {
            value = value * 10 + Int(data[position] - UInt8(ascii: "0"))
            guard value <= PPMImage.maxNumber else { return nil }
            position += 1
        }
        guard position > start, atSeparator else { return nil }
        return value
    }

    /// The single whitespace byte between maxval and the raster.
    mutating func skipOneSpace() -> Bool {
        guard position < data.count, PPMReader.isSpace(data[position]) else { return false }
        position += 1
        return true
    }
}

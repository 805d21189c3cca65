// Containers.swift — strings, boxes, arrays and directories as the VM stores them
// (PhantomCore, VM layer). The natives that Phantom code calls on them are in
// NativesValues.swift and NativesContainers.swift; the VM itself uses these helpers
// for its own lists (threads, restart list, class cache).
//
// Layouts (all objects of the heap, Docs/VMLayout.md):
//   string     raw: the bytes, no terminator (length = payload size); immutable
//   long       raw: i64 little-endian;  float raw: u32 bits;  double raw: u64 bits
//   binary     raw: the bytes (size fixed at creation)
//   array      slots [storage, size int]; storage is a `.internal.container.page`
//              slot object whose length is the capacity
//   directory  slots [count int, keys page, values page]; open addressing over
//              string keys with the PJW hash, capacity a power of two

enum ArraySlot {
    static let count = 2
    static let storage = 0
    static let size = 1
}

enum DirectorySlot {
    static let count = 3
    static let entries = 0
    static let keys = 1
    static let values = 2
}

extension Machine {
    // MARK: - Strings

    /// A new immutable `.internal.string` holding `bytes`, owned by the caller.
    func makeString(_ bytes: [UInt8]) throws(SpaceError) -> Ref {
        try makeString(length: bytes.count) { string in bytes.withUnsafeBytes { heap.storeBytes(string, at: 0, from: $0) } }
    }

    /// A new immutable string of `length` bytes, which `fill` writes, every one of them
    /// (the block is not zeroed first; the string is still mutable then); owned by the
    /// caller.
    func makeString(length: Int, _ fill: (Ref) -> Void) throws(SpaceError) -> Ref {
        let string = try heap.allocate(uninitializedBytes: length, class: classes[ClassID.string])
        fill(string)
        heap.makeImmutable(string)
        return string
    }

    func makeString(_ text: String) throws(SpaceError) -> Ref {
        try makeString(Array(text.utf8))
    }

    func isString(_ value: Ref) -> Bool {
        value.isObject && heap.classOf(value) == classes[ClassID.string]
    }

    /// The bytes of a string (or of any raw object).
    func bytes(of object: Ref) -> [UInt8] {
        let count = heap.byteCount(object)
        var result = [UInt8](repeating: 0, count: count)
        result.withUnsafeMutableBytes { heap.loadBytes(object, at: 0, into: $0) }
        return result
    }

    /// Runs `body` on the bytes of a raw object (a string) where they lie in the space,
    /// without a copy. The view is valid only inside `body`, which must neither allocate
    /// nor store into the space.
    @inline(__always) func withBytes<R>(of object: Ref, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let count = heap.byteCount(object)
        guard count > 0 else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let start = object.offset &+ ObjectHeader.size
        space.willRead(offset: start, count: count)
        return body(UnsafeRawBufferPointer(start: space.base + start, count: count))
    }

    /// Whether two raw objects (strings) hold the same bytes.
    func sameBytes(_ a: Ref, _ b: Ref) -> Bool {
        guard heap.byteCount(a) == heap.byteCount(b) else { return false }
        return withBytes(of: a) { x in withBytes(of: b) { y in Machine.equalBytes(x, y) } }
    }

    /// Byte-wise equality, eight bytes at a time.
    static func equalBytes(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Bool {
        guard x.count == y.count else { return false }
        let n = x.count
        var i = 0
        while i &+ 8 <= n {
            if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i &+= 8
        }
        while i < n {
            if x[i] != y[i] { return false }
            i &+= 1
        }
        return true
    }

    func text(of string: Ref) -> String {
        String(decoding: bytes(of: string), as: UTF8.self)
    }

    // MARK: - Boxes

    func makeLong(_ value: Int64) throws(SpaceError) -> Ref {
        try makeRaw64(UInt64(bitPattern: value), class: ClassID.long)
    }

    func makeDouble(_ value: Double) throws(SpaceError) -> Ref {
        try makeRaw64(value.bitPattern, class: ClassID.double)
    }

    func makeFloat(_ value: Float) throws(SpaceError) -> Ref {
        let box = try heap.allocate(bytes: 4, class: classes[ClassID.float])
        space.store32(box.offset + ObjectHeader.size, value.bitPattern)
        heap.makeImmutable(box)
        return box
    }

    func makeRaw64(_ bits: UInt64, class id: Int) throws(SpaceError) -> Ref {
        try heap.allocate(word: bits, class: classes[id], immutable: true)
    }

    /// The first 8 payload bytes of a long or double box.
    func raw64(of box: Ref) -> UInt64 { space.load64(box.offset + ObjectHeader.size) }
    func raw32(of box: Ref) -> UInt32 { space.load32(box.offset + ObjectHeader.size) }

    // MARK: - Arrays

    /// A new empty `.internal.container.array` with room for `capacity` elements.
    func makeArray(capacity: Int = 4) throws(SpaceError) -> Ref {
        let array = try heap.allocate(slots: ArraySlot.count, class: classes[ClassID.array])
        let storage: Ref
        do { storage = try heap.allocate(slots: max(capacity, 1), class: classes[ClassID.page]) } catch {
            heap.release(array)
            throw error
        }
        heap.store(array, slot: ArraySlot.storage, storage)
        heap.release(storage)
        heap.store(array, slot: ArraySlot.size, Ref(int: 0))
        return array
    }

    func arraySize(_ array: Ref) -> Int { heap.load(array, slot: ArraySlot.size).intValue }

    func arrayGet(_ array: Ref, _ index: Int) -> Ref {
        heap.load(heap.load(array, slot: ArraySlot.storage), slot: index)
    }

    /// Stores `value` at `index`, growing the array (gaps read null) as the original does.
    func arraySet(_ array: Ref, _ index: Int, _ value: Ref) throws(SpaceError) {
        var storage = heap.load(array, slot: ArraySlot.storage)
        let capacity = heap.slotCount(storage)
        if index >= capacity {
            var newCapacity = max(capacity * 2, 4)
            while newCapacity <= index { newCapacity *= 2 }
            let grown = try heap.allocate(slots: newCapacity, class: classes[ClassID.page])
            for i in 0..<arraySize(array) { heap.store(grown, slot: i, heap.load(storage, slot: i)) }
            heap.store(array, slot: ArraySlot.storage, grown)
            heap.release(grown)
            storage = grown
        }
        heap.store(storage, slot: index, value)
        if index >= arraySize(array) { heap.store(array, slot: ArraySlot.size, Ref(int: index + 1)) }
    }

    func arrayAppend(_ array: Ref, _ value: Ref) throws(SpaceError) {
        try arraySet(array, arraySize(array), value)
    }

    // MARK: - Directories

    func makeDirectory() throws(SpaceError) -> Ref {
        let directory = try heap.allocate(slots: DirectorySlot.count, class: classes[ClassID.directory])
        heap.store(directory, slot: DirectorySlot.entries, Ref(int: 0))
        for slot in [DirectorySlot.keys, DirectorySlot.values] {
            let page: Ref
            do { page = try heap.allocate(slots: 8, class: classes[ClassID.page]) } catch {
                heap.release(directory)
                throw error
            }
            heap.store(directory, slot: slot, page)
            heap.release(page)
        }
        return directory
    }

    /// The 32-bit PJW hash of INTERNAL.md §1.1 over `bytes`, each sign-extended.
    /// `seed` is the hash of bytes that come before these ones.
    static func pjwHash<C: Collection>(_ bytes: C, seed: UInt32 = 0) -> UInt32 where C.Element == UInt8 {
        var h = seed
        for byte in bytes {
            h = (h &<< 4) &+ UInt32(bitPattern: Int32(Int8(bitPattern: byte)))
            let high = h & 0xF000_0000
            if high != 0 { h = (h ^ (high >> 24)) & 0x0FFF_FFFF }
        }
        return h
    }

    /// Where a key with PJW hash `hash` starts probing in a table of `capacity` (a power
    /// of two) slots: the high bits of the hash times 2^64/φ. The PJW hash alone is a bad
    /// index: its low bits come from the last characters, so keys that differ in their
    /// digits ("k0" … "k39999") crowd into a sixth of a table and linear probing turns
    /// quadratic. (hashCode still returns the PJW hash, as INTERNAL.md §1.1 says.)
    @inline(__always) static func directoryHome(_ hash: UInt32, capacity: Int) -> Int {
        guard capacity > 1 else { return 0 }
        let bits = UInt64(capacity.trailingZeroBitCount)
        return Int(truncatingIfNeeded: (UInt64(hash) &* 0x9E37_79B9_7F4A_7C15) >> (64 &- bits))
    }

    /// Rebuilds a directory's tables with the current home function (a world made
    /// before `directoryHome` existed placed its keys by the PJW hash's low bits).
    func rehashDirectory(_ directory: Ref) throws(SpaceError) {
        try growDirectory(directory, to: heap.slotCount(heap.load(directory, slot: DirectorySlot.keys)))
    }

    /// Slot of the key whose bytes are `key` in the directory's tables: where it is, or
    /// the empty slot where it would go. Slots are read straight from the key table (the
    /// probe neither allocates nor stores, so the table cannot move under it); a
    /// candidate's bytes are compared only when its length matches.
    private func directoryProbe(_ directory: Ref, _ key: UnsafeRawBufferPointer) -> (slot: Int, found: Bool) {
        let keys = heap.load(directory, slot: DirectorySlot.keys)
        let capacity = heap.slotCount(keys)
        let table = keys.offset &+ ObjectHeader.size
        var slot = Machine.directoryHome(Machine.pjwHash(key), capacity: capacity)
        while true {
            let candidate = Ref(raw: space.load64(table &+ slot &* 8))
            if candidate.isNull { return (slot, false) }
            if heap.byteCount(candidate) == key.count && withBytes(of: candidate, { Machine.equalBytes($0, key) }) {
                return (slot, true)
            }
            slot = (slot &+ 1) & (capacity &- 1)
        }
    }

    private func directoryProbe(_ directory: Ref, _ key: [UInt8]) -> (slot: Int, found: Bool) {
        key.withUnsafeBytes { directoryProbe(directory, $0) }
    }

    /// The probe for a key held in the space as a string.
    private func directoryProbe(_ directory: Ref, key: Ref) -> (slot: Int, found: Bool) {
        withBytes(of: key) { directoryProbe(directory, $0) }
    }

    func directoryCount(_ directory: Ref) -> Int { heap.load(directory, slot: DirectorySlot.entries).intValue }

    func directoryGet(_ directory: Ref, _ key: [UInt8]) -> Ref? {
        value(in: directory, at: directoryProbe(directory, key))
    }

    /// The value of a key held in the space as a string.
    func directoryGet(_ directory: Ref, key: Ref) -> Ref? {
        value(in: directory, at: directoryProbe(directory, key: key))
    }

    private func value(in directory: Ref, at probe: (slot: Int, found: Bool)) -> Ref? {
        guard probe.found else { return nil }
        return heap.load(heap.load(directory, slot: DirectorySlot.values), slot: probe.slot)
    }

    /// Adds `key` → `value`; false (and nothing changed) if the key is present.
    func directoryPut(_ directory: Ref, key: Ref, _ value: Ref) throws(SpaceError) -> Bool {
        var probe = directoryProbe(directory, key: key)
        if probe.found { return false }
        let capacity = heap.slotCount(heap.load(directory, slot: DirectorySlot.keys))
        if (directoryCount(directory) + 1) * 4 > capacity * 3 {
            try growDirectory(directory, to: capacity * 2)
            probe = directoryProbe(directory, key: key)
        }
        heap.store(heap.load(directory, slot: DirectorySlot.keys), slot: probe.slot, key)
        heap.store(heap.load(directory, slot: DirectorySlot.values), slot: probe.slot, value)
        heap.store(directory, slot: DirectorySlot.entries, Ref(int: directoryCount(directory) + 1))
        return true
    }

    /// Removes `key`; false if absent. Later keys of its probe run move up (no tombstones).
    func directoryRemove(_ directory: Ref, _ key: [UInt8]) -> Bool {
        let probe = directoryProbe(directory, key)
        guard probe.found else { return false }
        let keys = heap.load(directory, slot: DirectorySlot.keys)
        let values = heap.load(directory, slot: DirectorySlot.values)
        let mask = heap.slotCount(keys) - 1
        var hole = probe.slot
        heap.store(keys, slot: hole, .null)
        heap.store(values, slot: hole, .null)
        var next = (hole + 1) & mask
        while case let key = heap.load(keys, slot: next), !key.isNull {
            let home = Machine.directoryHome(withBytes(of: key) { Machine.pjwHash($0) }, capacity: mask + 1)
            // Move the entry into the hole unless its home lies cyclically in (hole, next].
            let stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next)
            if !stays {
                let value = heap.load(values, slot: next)
                heap.store(keys, slot: hole, key)
                heap.store(values, slot: hole, value)
                heap.store(keys, slot: next, .null)
                heap.store(values, slot: next, .null)
                hole = next
            }
            next = (next + 1) & mask
        }
        heap.store(directory, slot: DirectorySlot.entries, Ref(int: directoryCount(directory) - 1))
        return true
    }

    private func growDirectory(_ directory: Ref, to capacity: Int) throws(SpaceError) {
        let oldKeys = heap.load(directory, slot: DirectorySlot.keys)
        let oldValues = heap.load(directory, slot: DirectorySlot.values)
        heap.retain(oldKeys)
        heap.retain(oldValues)
        defer { heap.release(oldKeys); heap.release(oldValues) }
        let keys = try heap.allocate(slots: capacity, class: classes[ClassID.page])
        let values: Ref
        do { values = try heap.allocate(slots: capacity, class: classes[ClassID.page]) } catch {
            heap.release(keys)
            throw error
        }
        heap.store(directory, slot: DirectorySlot.keys, keys)
        heap.store(directory, slot: DirectorySlot.values, values)
        heap.release(keys)
        heap.release(values)
        // Each entry moves with its reference counts: the old tables give their slots up
        // (nulled, so freeing them touches no key), the new ones take them over. Only
        // the key's bytes are read (to place it), not its count.
        for old in 0..<heap.slotCount(oldKeys) {
            let key = heap.load(oldKeys, slot: old)
            if key.isNull { continue }
            let slot = directoryProbe(directory, key: key).slot
            heap.moveSlot(oldKeys, old, to: keys, slot)
            heap.moveSlot(oldValues, old, to: values, slot)
        }
    }
}

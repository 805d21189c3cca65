// MemoryBlockDevice.swift — a block device in RAM (PhantomCore).
//
// The disk of unit tests, of the crash simulator (CrashBlockDevice.swift keeps its durable
// image in one) and of a space that needs no persistence. The protocol is in
// BlockDevice.swift; the file-backed device is PhantomHost/FileBlockDevice.swift.
//
// Blocks are stored one 4 KiB allocation each, in a table indexed by block number, and
// allocated on first write: an image with a few blocks far apart costs a table entry
// per block in between, not 4 KiB. No Dictionary, because hashing under Embedded Swift
// needs a random seed from the platform.
//
// Size rules: `blockCount` is one past the highest block ever written (like the size of
// a file); reads at or past it give zeros. With a `capacityBlocks` limit, a write that
// reaches past it throws `.noSpace` and writes nothing, and a read past it throws
// `.outOfRange` (the block cannot exist on this device).

/// A block device held in memory, with optional capacity and read-only limits, operation
/// counters, a deep `copy()` and direct access to blocks so tests can corrupt them.
public final class MemoryBlockDevice: BlockDevice {
    /// The most blocks this device can hold, or nil for no limit but memory.
    public let capacityBlocks: UInt64?
    /// When true every write throws `.readOnly`; reads and flushes still work.
    public var readOnly: Bool

    /// Calls of `read` that succeeded.
    public private(set) var reads = 0
    /// Calls of `write` that succeeded.
    public private(set) var writes = 0
    /// Calls of `flush` that succeeded.
    public private(set) var flushes = 0
    /// Blocks written by successful `write` calls (a two-block write counts two).
    public private(set) var blocksWritten = 0
    /// Blocks read by successful `read` calls.
    public private(set) var blocksRead = 0

    /// `table[i]` holds block i, or nil if it was never written (reads as zeros).
    private var table: [UnsafeMutableRawPointer?] = []

    /// An empty device. `capacityBlocks` nil means it grows without limit.
    public init(capacityBlocks: UInt64? = nil, readOnly: Bool = false) {
        self.capacityBlocks = capacityBlocks
        self.readOnly = readOnly
    }

    deinit {
        for case let chunk? in table { chunk.deallocate() }
    }

    // MARK: - BlockDevice

    public var blockCount: UInt64 { UInt64(table.count) }

    public func read(block: UInt64, count: Int, into buffer: UnsafeMutableRawPointer) throws(DeviceError) {
        try checkReadable(block: block, count: count)
        for i in 0..<count {
            copyOut(block: block + UInt64(i), to: buffer + i * blockSize)
        }
        reads += 1
        blocksRead += count
    }

    public func write(block: UInt64, count: Int, from buffer: UnsafeRawPointer) throws(DeviceError) {
        guard !readOnly else { throw .readOnly }
        try checkWritable(block: block, count: count)
        for i in 0..<count {
            store(block: block + UInt64(i), from: buffer + i * blockSize)
        }
        writes += 1
        blocksWritten += count
    }

    /// Memory is as durable as it gets; a flush only counts.
    public func flush() throws(DeviceError) {
        flushes += 1
    }

    // MARK: - Tests and the crash simulator

    /// An independent device with the same blocks, limits and read-only flag, and
    /// counters at zero: changing one never changes the other.
    public func copy() -> MemoryBlockDevice {
        let clone = MemoryBlockDevice(capacityBlocks: capacityBlocks, readOnly: readOnly)
        clone.table.reserveCapacity(table.count)
        for entry in table {
            if let chunk = entry {
                let twin = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
                twin.copyMemory(from: chunk, byteCount: blockSize)
                clone.table.append(twin)
            } else {
                clone.table.append(nil)
            }
        }
        return clone
    }

    /// Runs `body` on the 4 KiB of `block` in place, for tests that damage an image.
    /// A block never written is created (zeros) first, growing `blockCount`. Bypasses
    /// the read-only flag, the capacity limit and the counters; `block` must be a block
    /// the table can index (below `Int.max`).
    public func withBlock<R, E: Error>(
        _ block: UInt64, _ body: (UnsafeMutableRawPointer) throws(E) -> R
    ) throws(E) -> R {
        try body(chunk(for: block))
    }

    /// Inverts bit `bit` (0 ..< 8 * blockSize, bit 0 is the low bit of byte 0) of
    /// `block`: the smallest corruption a checksum must catch.
    public func flipBit(block: UInt64, bit: Int) {
        precondition(bit >= 0 && bit < 8 * blockSize, "flipBit: bit \(bit) is outside a block")
        let byte = chunk(for: block) + (bit >> 3)
        byte.storeBytes(of: byte.load(as: UInt8.self) ^ UInt8(1 << (bit & 7)), as: UInt8.self)
    }

    /// The contents of `block` as bytes (zeros if never written), for test assertions.
    public func bytes(ofBlock block: UInt64) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: blockSize)
        result.withUnsafeMutableBytes { copyOut(block: block, to: $0.baseAddress!) }
        return result
    }

    /// True if every block reads the same on both devices (never-written blocks count as
    /// zeros, so a device that wrote a zero block equals one that did not write it).
    public func hasSameContents(as other: MemoryBlockDevice) -> Bool {
        let n = max(table.count, other.table.count)
        for i in 0..<n {
            let mine = i < table.count ? table[i] : nil
            let theirs = i < other.table.count ? other.table[i] : nil
            switch (mine, theirs) {
            case (nil, nil): continue
            case (let a?, nil): if !isZero(a) { return false }
            case (nil, let b?): if !isZero(b) { return false }
            case (let a?, let b?): if !areEqual(a, b) { return false }
            }
        }
        return true
    }

    // MARK: - Raw access without checks or counters (used by CrashBlockDevice)

    /// Throws what a read of `count` blocks at `block` would throw for range reasons.
    func checkReadable(block: UInt64, count: Int) throws(DeviceError) {
        guard count >= 0 else { throw .outOfRange(block: block) }
        if let limit = capacityBlocks, let bad = firstBlock(from: block, count: count, atOrPast: limit) {
            throw .outOfRange(block: bad)
        }
    }

    /// Throws what a write of `count` blocks at `block` would throw for range reasons.
    func checkWritable(block: UInt64, count: Int) throws(DeviceError) {
        guard count >= 0 else { throw .outOfRange(block: block) }
        if let limit = capacityBlocks, let bad = firstBlock(from: block, count: count, atOrPast: limit) {
            throw .noSpace(block: bad)
        }
        // The table is indexed by Int; blocks past that cannot exist in memory anyway.
        if let bad = firstBlock(from: block, count: count, atOrPast: UInt64(Int.max) / 2) {
            throw .outOfRange(block: bad)
        }
    }

    /// Copies one block in, growing the device. The caller has checked the range.
    func store(block: UInt64, from source: UnsafeRawPointer) {
        chunk(for: block).copyMemory(from: source, byteCount: blockSize)
    }

    /// Copies one block out; zeros if it was never written.
    func copyOut(block: UInt64, to destination: UnsafeMutableRawPointer) {
        if block < UInt64(table.count), let chunk = table[Int(block)] {
            destination.copyMemory(from: chunk, byteCount: blockSize)
        } else {
            destination.initializeMemory(as: UInt8.self, repeating: 0, count: blockSize)
        }
    }

    // MARK: - Helpers

    /// The storage of `block`, allocated (zeroed) and the table grown if needed.
    private func chunk(for block: UInt64) -> UnsafeMutableRawPointer {
        let index = Int(block)
        if index >= table.count {
            table.append(contentsOf: repeatElement(nil, count: index + 1 - table.count))
        }
        if let chunk = table[index] { return chunk }
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
        chunk.initializeMemory(as: UInt8.self, repeating: 0, count: blockSize)
        table[index] = chunk
        return chunk
    }

    /// The first of `count` blocks from `block` that is at or past `limit`, or nil.
    private func firstBlock(from block: UInt64, count: Int, atOrPast limit: UInt64) -> UInt64? {
        guard count > 0 else { return nil }
        if block >= limit { return block }
        // Compare in a form that cannot overflow: the run ends past the limit iff it holds
        // more blocks than there are between its start and the limit.
        return UInt64(count) > limit - block ? limit : nil
    }

    private func isZero(_ chunk: UnsafeMutableRawPointer) -> Bool {
        for i in 0..<(blockSize / 8) where chunk.load(fromByteOffset: i * 8, as: UInt64.self) != 0 {
            return false
        }
        return true
    }

    private func areEqual(_ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer) -> Bool {
        for i in 0..<(blockSize / 8)
        where a.load(fromByteOffset: i * 8, as: UInt64.self) != b.load(fromByteOffset: i * 8, as: UInt64.self) {
            return false
        }
        return true
    }
}

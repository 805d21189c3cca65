// CrashBlockDevice.swift — a disk that loses power on cue, for crash tests (PhantomCore).
//
// The store's promise (ARCHITECTURE §4) is that a crash at any point leaves the old or the
// new snapshot bootable. Tests keep that promise honest by running a workload on this
// device, crashing it at every operation in turn, and recovering from what survived. The
// protocol is in BlockDevice.swift; the durable image is a MemoryBlockDevice.
//
// Model of a disk with a volatile write cache:
//   1. A write goes to the cache (the pending list, one entry per block, in issue order).
//      Reads see the newest data: the latest pending write of a block, else the image.
//   2. `flush()` writes every pending entry to the image in issue order and empties the
//      cache. Only then is a write durable.
//   3. Operations are numbered from 0; every `write` and every `flush` call is one
//      operation, whatever its block count. Reads are not operations: a crash "at a read"
//      leaves the same disk as a crash at the next write or flush, because a read changes
//      nothing durable, so counting reads would only repeat crash points.
//   4. `crash(atOperation: n, seed:)` arms the device. When operation n starts:
//        - a write is first added to the cache (it was issued; it may or may not land),
//        - a flush completes nothing,
//      then power is lost and the operation throws `.crashed`.
//   5. At power loss every cached entry meets its fate independently, drawn from
//      SeededRandom(seed) in issue order:
//        kept    ~50%  the block lands whole;
//        dropped ~20%  nothing lands;
//        torn    ~15%  some but not all of its eight 512-byte sectors land (a random
//                      subset, not a prefix: disks reorder sectors too), the others keep
//                      what the image held;
//        garbled ~15%  the block lands with a few random bytes or bits changed (always
//                      differing from the data written).
//      The entries that land are then applied in a random order, so of two writes to one
//      block the older may win — the disk promised nothing until a flush.
//   6. After the crash every operation, reads included, throws `.crashed`, as the I/O of
//      a process that died would never return. `survivors()` gives the disk as left.

/// A block device that simulates power loss with a seeded, replayable outcome: unflushed
/// writes are kept, dropped, torn, garbled and reordered. Tests only.
public final class CrashBlockDevice: BlockDevice {
    /// What happened to one unflushed block write at the crash.
    public enum Fate: Equatable, CustomStringConvertible {
        /// The whole block reached the disk.
        case kept
        /// Nothing of the block reached the disk.
        case dropped
        /// Only the sectors whose bits are set in `sectorMask` (bit i = bytes
        /// 512*i ..< 512*(i+1)) reached the disk; never 0 or all eight.
        case torn(sectorMask: UInt8)
        /// The block reached the disk with `changes` random byte or bit changes.
        case garbled(changes: Int)

        public var description: String {
            switch self {
            case .kept: return "kept"
            case .dropped: return "dropped"
            case .torn(let mask): return "torn (sector mask \(mask))"
            case .garbled(let changes): return "garbled (\(changes) changes)"
            }
        }
    }

    /// One line of the crash log: a pending block write and its fate.
    public struct CrashEvent: Equatable, CustomStringConvertible {
        /// The block the write was for.
        public let block: UInt64
        /// The write's position among the pending writes (0 = issued first).
        public let issueIndex: Int
        /// What happened to it.
        public let fate: Fate
        /// Its position in the order the surviving writes reached the disk, or nil if
        /// it was dropped.
        public let landingIndex: Int?

        public var description: String {
            if let landingIndex {
                return "write #\(issueIndex) to block \(block): \(fate), landed #\(landingIndex)"
            }
            return "write #\(issueIndex) to block \(block): \(fate)"
        }
    }

    /// Sectors per block: the unit a disk writes atomically, and so the unit of a tear.
    public static let sectorsPerBlock = 8
    /// Bytes per sector.
    public static let sectorSize = blockSize / sectorsPerBlock

    /// Operations (writes and flushes) started so far, including one that crashed.
    public private(set) var operationCount = 0
    /// True once the power has been lost.
    public private(set) var isCrashed = false
    /// What happened to each pending write at the crash, in issue order; empty before.
    public private(set) var crashLog: [CrashEvent] = []

    /// The durable image: what the disk holds for sure.
    private let image: MemoryBlockDevice
    /// Block numbers of the pending (unflushed) writes, in issue order.
    private var pendingBlocks: [UInt64] = []
    /// Their data, `blockSize` bytes each, in the same order.
    private var pendingData: [UInt8] = []
    /// The armed crash: the operation number at which to lose power and the seed of
    /// the outcome, or nil if the device runs until told otherwise.
    private var armed: (operation: Int, seed: UInt64)?

    /// A device whose durable image starts as `image` (taken over, not copied: pass
    /// `survivors()` of an earlier crash to crash again during recovery). The image's
    /// capacity limit and read-only flag apply to writes.
    public init(image: MemoryBlockDevice = MemoryBlockDevice()) {
        self.image = image
    }

    /// Writes not yet made durable by a flush (one per block).
    public var pendingCount: Int { pendingBlocks.count }

    // MARK: - BlockDevice

    public var blockCount: UInt64 {
        var count = image.blockCount
        for block in pendingBlocks where block >= count { count = block + 1 }
        return count
    }

    public func read(block: UInt64, count: Int, into buffer: UnsafeMutableRawPointer) throws(DeviceError) {
        guard !isCrashed else { throw .crashed }
        try image.checkReadable(block: block, count: count)
        for i in 0..<count {
            let target = block + UInt64(i)
            let destination = buffer + i * blockSize
            if let newest = pendingBlocks.lastIndex(of: target) {
                pendingData.withUnsafeBytes {
                    destination.copyMemory(from: $0.baseAddress! + newest * blockSize, byteCount: blockSize)
                }
            } else {
                image.copyOut(block: target, to: destination)
            }
        }
    }

    public func write(block: UInt64, count: Int, from buffer: UnsafeRawPointer) throws(DeviceError) {
        guard !isCrashed else { throw .crashed }
        let crashesHere = startOperation()
        // A write the device refuses puts nothing in the cache, crash or not.
        let refusal: DeviceError?
        do throws(DeviceError) {
            guard !image.readOnly else { throw .readOnly }
            try image.checkWritable(block: block, count: count)
            refusal = nil
        } catch {
            refusal = error
        }
        if refusal == nil {
            for i in 0..<count {
                pendingBlocks.append(block + UInt64(i))
                pendingData.append(
                    contentsOf: UnsafeRawBufferPointer(start: buffer + i * blockSize, count: blockSize))
            }
        }
        if let seed = crashesHere {
            loseThePower(seed: seed)
            throw .crashed
        }
        if let refusal { throw refusal }
    }

    public func flush() throws(DeviceError) {
        guard !isCrashed else { throw .crashed }
        if let seed = startOperation() {
            loseThePower(seed: seed)
            throw .crashed
        }
        pendingData.withUnsafeBytes { data in
            for (i, block) in pendingBlocks.enumerated() {
                image.store(block: block, from: data.baseAddress! + i * blockSize)
            }
        }
        pendingBlocks.removeAll(keepingCapacity: true)
        pendingData.removeAll(keepingCapacity: true)
    }

    // MARK: - Crashing

    /// Loses power when operation `n` (0-based, counted as described at the top of this
    /// file) starts, with an outcome drawn from `seed`. If operation `n` has already
    /// started, the next operation crashes.
    public func crash(atOperation n: Int, seed: UInt64) {
        armed = (n, seed)
    }

    /// Loses power now, between operations, with an outcome drawn from `seed`. Does
    /// nothing if the device has already crashed.
    public func crashNow(seed: UInt64) {
        guard !isCrashed else { return }
        loseThePower(seed: seed)
    }

    /// A copy of the disk as a reboot would find it. After a crash: the image as the
    /// crash left it. Before: the durable image without any pending write, i.e. what a
    /// power cut now would leave if every unflushed write were dropped (the one outcome
    /// that needs no seed). The copy is independent of this device.
    public func survivors() -> MemoryBlockDevice {
        image.copy()
    }

    /// Counts the operation that is starting; returns the crash seed if it is the armed one.
    private func startOperation() -> UInt64? {
        let number = operationCount
        operationCount += 1
        if let armed, number >= armed.operation { return armed.seed }
        return nil
    }

    /// Resolves every pending write as described at the top of this file and marks the
    /// device crashed.
    private func loseThePower(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        isCrashed = true
        armed = nil

        // Fates first, in issue order, so that the log reads in the order the program wrote.
        var fates: [Fate] = []
        fates.reserveCapacity(pendingBlocks.count)
        for _ in pendingBlocks {
            let roll = random.below(100)
            if roll < 50 {
                fates.append(.kept)
            } else if roll < 70 {
                fates.append(.dropped)
            } else if roll < 85 {
                // 1 ... 254: some sectors but not none and not all.
                fates.append(.torn(sectorMask: UInt8(1 + random.below(254))))
            } else {
                fates.append(.garbled(changes: 1 + random.below(8)))
            }
        }

        // The order in which survivors reach the platter: a Fisher–Yates shuffle.
        var landing: [Int] = []
        for (i, fate) in fates.enumerated() where fate != .dropped { landing.append(i) }
        if landing.count > 1 {
            for i in stride(from: landing.count - 1, to: 0, by: -1) {
                landing.swapAt(i, random.below(i + 1))
            }
        }

        var landingIndex = [Int?](repeating: nil, count: fates.count)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
        defer { scratch.deallocate() }
        pendingData.withUnsafeBytes { data in
            for (order, i) in landing.enumerated() {
                landingIndex[i] = order
                let block = pendingBlocks[i]
                let new = data.baseAddress! + i * blockSize
                switch fates[i] {
                case .kept, .dropped:  // dropped writes are not in `landing`
                    scratch.copyMemory(from: new, byteCount: blockSize)
                case .torn(let mask):
                    // Old contents are whatever the disk holds when this write lands.
                    image.copyOut(block: block, to: scratch)
                    for sector in 0..<CrashBlockDevice.sectorsPerBlock where mask & (1 << sector) != 0 {
                        let offset = sector * CrashBlockDevice.sectorSize
                        (scratch + offset).copyMemory(from: new + offset, byteCount: CrashBlockDevice.sectorSize)
                    }
                case .garbled(let changes):
                    scratch.copyMemory(from: new, byteCount: blockSize)
                    garble(scratch, changes: changes, original: new, random: &random)
                }
                image.store(block: block, from: scratch)
            }
        }

        crashLog = []
        for (i, fate) in fates.enumerated() {
            crashLog.append(CrashEvent(
                block: pendingBlocks[i], issueIndex: i, fate: fate, landingIndex: landingIndex[i]))
        }
        pendingBlocks.removeAll(keepingCapacity: true)
        pendingData.removeAll(keepingCapacity: true)
    }

    /// Applies `changes` random corruptions to the block at `target`: each replaces one
    /// byte with a different value or flips one bit. Two changes can cancel out, so if
    /// the result equals `original` one more bit is flipped: a garbled block always
    /// differs from what was written, so every garble is a real test of the checksums.
    private func garble(
        _ target: UnsafeMutableRawPointer, changes: Int, original: UnsafeRawPointer, random: inout SeededRandom
    ) {
        for _ in 0..<changes {
            let offset = random.below(blockSize)
            let old = target.load(fromByteOffset: offset, as: UInt8.self)
            let new: UInt8
            if random.chance(percent: 50) {
                new = old ^ UInt8(1 + random.below(255))
            } else {
                new = old ^ UInt8(1 << random.below(8))
            }
            target.storeBytes(of: new, toByteOffset: offset, as: UInt8.self)
        }
        var differs = false
        for offset in stride(from: 0, to: blockSize, by: 8)
        where target.load(fromByteOffset: offset, as: UInt64.self)
            != original.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
            differs = true
            break
        }
        if !differs {
            let offset = random.below(blockSize)
            let byte = target.load(fromByteOffset: offset, as: UInt8.self)
            target.storeBytes(of: byte ^ 1, toByteOffset: offset, as: UInt8.self)
        }
    }
}

// Store.swift — the snapshot store: shadow-paged snapshots of the space on a BlockDevice
// (PhantomCore).
//
// The format is in ImageFormat.swift (and Docs/ImageFormat.md); the protocol that
// decides what goes into a snapshot and when is in Snapshot.swift. This file owns the
// disk: creating an image, choosing the snapshot that boots, reading pages back with
// their checksums, allocating free blocks, and committing a new snapshot.
//
// Commit of generation g (the only code that writes a root record is `commit`):
//   1. every data block and page-map node of g is written to a block that neither of
//      the two kept snapshots (g-1, g-2) uses;
//   2. flush;
//   3. the root record of g is written over the slot of g-2;
//   4. flush. Only now is g complete; the blocks g-1 replaced become free.
// So at any crash the disk holds g-1 complete and untouched, and either a complete g
// or a root slot that fails its checksum. Recovery takes the newest root that passes
// every check, and the previous one when the newest fails.

/// What the store can report. Each case names the block (and slot or page) involved.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case device(DeviceError)
    /// Block 0 is not a Phantom superblock.
    case notAnImage(reason: String)
    /// The image was written by an incompatible format version.
    case unsupportedVersion(UInt32)
    /// Neither root record leads to a snapshot that passes its checks.
    case noValidSnapshot(reasons: [String])
    /// A page's contents fail their checksum.
    case pageDamaged(page: Int, block: UInt64, generation: UInt64)
    /// The space is larger than the space it is restored into.
    case tooLarge(pages: Int, capacity: Int)

    public var description: String {
        switch self {
        case .device(let error): return "device error: \(error)"
        case .notAnImage(let reason): return "not a Phantom image: \(reason)"
        case .unsupportedVersion(let v): return "unsupported image format version \(v) (this build reads \(ImageFormat.version))"
        case .noValidSnapshot(let reasons):
            return "no snapshot in the image passes its checks: " + reasons.joined(separator: "; ")
        case .pageDamaged(let page, let block, let generation):
            return "page \(page) of snapshot \(generation) is damaged (block \(block) fails its checksum)"
        case .tooLarge(let pages, let capacity):
            return "the image holds \(pages) pages but the space has room for \(capacity)"
        }
    }
}

// MARK: - Progress of long jobs

/// Told how far a long job has got (examining or recovering an image, verifying a heap,
/// writing a snapshot): `done` of `total` units, each job saying what its unit is.
/// Called every `ProgressMeter.step` units or so with `done` strictly increasing, and
/// last with `done == total` when the job completes (a job of no units reports nothing).
public typealias ProgressHook = (_ done: Int, _ total: Int) -> Void

/// Calls a ProgressHook every `step` units. Without a hook, `advance` costs one store
/// and one comparison that never succeeds, so the loops of a job need no second version.
struct ProgressMeter {
    /// Units between two reports: 1024 pages are 4 MiB, milliseconds of I/O, so the
    /// hook runs a few hundred times a second at most.
    static let step = 1024

    private let hook: ProgressHook?
    var total: Int
    /// Units per page of the job: recovery reads every page twice (check, then load).
    let unitsPerPage: Int
    private(set) var done = 0
    /// The next `done` worth a report (Int.max without a hook).
    private var next: Int

    init(_ hook: ProgressHook?, total: Int = 0, unitsPerPage: Int = 1) {
        self.hook = hook
        self.total = total
        self.unitsPerPage = unitsPerPage
        next = hook == nil ? Int.max : Self.step
    }

    @inline(__always) mutating func advance(to done: Int) {
        self.done = done
        if _slowPath(done >= next) { report() }
    }

    /// The job is complete: says `done == total`, unless that was the last report.
    mutating func finish() {
        done = total
        if hook != nil && next - Self.step < total { report() }
    }

    private mutating func report() {
        hook?(min(done, total), total)
        next = done + Self.step
    }
}

/// A reference to a block with the checksum of its contents (a page-map entry).
public struct BlockPointer: Equatable, Sendable {
    public var block: UInt64
    public var sum: UInt64
    public static let hole = BlockPointer(block: 0, sum: 0)
}

/// What a valid root record says.
public struct RootRecord: Equatable, Sendable {
    public var generation: UInt64
    public var pageCount: Int
    public var capacityPages: Int
    public var height: Int
    public var map: BlockPointer
    public var time: UInt64
    public var blocksUsed: UInt64
    public var highWater: UInt64
}

/// Pages prepared for writing: their numbers and 4 KiB of contents each, as of the cut.
/// Sendable because ownership moves whole from the capturing thread to the writer.
public struct PageBatch: @unchecked Sendable {
    public let capacity: Int
    public private(set) var count = 0
    public private(set) var pages: [Int]
    public let data: UnsafeMutableRawPointer

    public init(capacity: Int) {
        self.capacity = capacity
        pages = []
        pages.reserveCapacity(capacity)
        data = .allocate(byteCount: capacity * blockSize, alignment: blockSize)
    }

    public var isFull: Bool { count == capacity }
    public func deallocate() { data.deallocate() }
    public func pageData(_ index: Int) -> UnsafeMutableRawPointer { data + index * blockSize }

    /// Appends `page`, copying its 4 KiB from `source`.
    public mutating func append(page: Int, from source: UnsafeRawPointer) {
        precondition(count < capacity)
        pageData(count).copyMemory(from: source, byteCount: blockSize)
        pages.append(page)
        count += 1
    }

    public mutating func removeAll() {
        pages.removeAll(keepingCapacity: true)
        count = 0
    }
}

/// The snapshot store of one image on one device.
public final class Store<Device: BlockDevice> {
    public let device: Device
    public private(set) var imageID: UInt64
    /// The snapshot the store stands on (the one that booted, or the last committed).
    public private(set) var current: RootRecord?
    /// The snapshot kept as fallback (the one before `current`), if any.
    public private(set) var previous: RootRecord?
    /// Problems found at open that did not stop it (a damaged fallback slot, superblock…).
    public private(set) var warnings: [String] = []
    /// Block 0 had neither the magic nor a good checksum.
    private var superblockLost = false
    /// The largest space a root record may describe.
    private var maxPages = Store.defaultMaxPages
    /// 2^28 pages: a 1 TiB space, whose page map takes 4 GiB of memory.
    public static var defaultMaxPages: Int { 1 << 28 }

    /// Page-map entries of every page: the map of `current`, plus in-flight changes.
    var leaves: [BlockPointer] = []
    /// Inner levels: `levels[l]` holds the entries of the nodes of level l+1 (level 1 =
    /// nodes whose entries are pages). `levels[height-1]` has one entry: the map root.
    var levels: [[BlockPointer]] = []
    /// Blocks used by the kept snapshots or by the snapshot in flight.
    var used = BlockSet()
    var highWater: UInt64 = ImageFormat.firstDataBlock
    /// Blocks the current snapshot replaced: free once the next one commits.
    var replacedByCurrent: [UInt64] = []

    // In-flight snapshot state.
    var inFlight = false
    var flightPages = 0
    var flightAllocated: [UInt64] = []
    var flightReplaced: [UInt64] = []
    var flightUndo: [(page: Int, old: BlockPointer)] = []
    var dirtyLeafNodes: [Bool] = []
    var allocCursor: UInt64 = ImageFormat.firstDataBlock
    let scratch: UnsafeMutableRawPointer

    private init(device: Device, imageID: UInt64) {
        self.device = device
        self.imageID = imageID
        scratch = .allocate(byteCount: blockSize, alignment: blockSize)
    }

    deinit { scratch.deallocate() }

    public var generation: UInt64 { current?.generation ?? 0 }
    public var pageCount: Int { current?.pageCount ?? 0 }

    // MARK: - Creating and opening

    /// Writes a new, empty image (superblock and two empty root slots) and flushes it.
    public static func create(on device: Device, imageID: UInt64, time: UInt64 = 0) throws(StoreError) -> Store {
        let store = Store(device: device, imageID: imageID)
        let block = store.scratch
        block.initializeMemory(as: UInt8.self, repeating: 0, count: blockSize)
        for (i, byte) in ImageFormat.Super.magic.enumerated() { block.storeBytes(of: byte, toByteOffset: i, as: UInt8.self) }
        block.putLE32(ImageFormat.version, at: ImageFormat.Super.versionOffset)
        block.putLE32(UInt32(blockSize), at: ImageFormat.Super.blockSizeOffset)
        block.putLE16(ImageFormat.probe16, at: ImageFormat.Super.probe16Offset)
        block.putLE32(ImageFormat.probe32, at: ImageFormat.Super.probe32Offset)
        block.putLE64(ImageFormat.probe64, at: ImageFormat.Super.probe64Offset)
        block.putLE64(imageID, at: ImageFormat.Super.imageIDOffset)
        block.putLE64(time, at: ImageFormat.Super.createdOffset)
        block.putLE64(ImageFormat.firstDataBlock, at: ImageFormat.Super.firstDataOffset)
        block.putLE64(ImageFormat.selfSum(block, seed: ImageFormat.superSeed), at: ImageFormat.checkedBytes)
        try store.io { () throws(DeviceError) in
            try device.write(block: ImageFormat.superblockNumber, count: 1, from: block)
            block.initializeMemory(as: UInt8.self, repeating: 0, count: blockSize)
            try device.write(block: ImageFormat.rootBlockNumbers.0, count: 1, from: block)
            try device.write(block: ImageFormat.rootBlockNumbers.1, count: 1, from: block)
            try device.flush()
        }
        return store
    }

    /// Opens an image: reads both root records, takes the newest whose page map (and, with
    /// `verifyPages`, every page) passes its checksums, else the previous one. An image
    /// that was created but never committed opens with `current == nil`.
    ///
    /// `maxPages` bounds the space a root record may describe (the page map of a bigger
    /// one would not fit in memory): a root beyond it is reported, not trusted.
    public static func open(_ device: Device, verifyPages: Bool = false, maxPages: Int = Store.defaultMaxPages) throws(StoreError) -> Store {
        var silent = ProgressMeter(nil)
        return try open(device, verifyPages: verifyPages, maxPages: maxPages, meter: &silent)
    }

    /// `open`, counting the pages it verifies on `meter` (recovery's first pass).
    static func open(_ device: Device, verifyPages: Bool, maxPages: Int, meter: inout ProgressMeter) throws(StoreError) -> Store {
        let store = Store(device: device, imageID: 0)
        store.maxPages = maxPages
        try store.readSuperblock()
        try store.chooseSnapshot(verifyPages: verifyPages, meter: &meter)
        return store
    }

    private func readSuperblock() throws(StoreError) {
        try readBlock(ImageFormat.superblockNumber, into: scratch)
        let block = UnsafeRawPointer(scratch)
        let sumOK = block.getLE64(at: ImageFormat.checkedBytes) == ImageFormat.selfSum(block, seed: ImageFormat.superSeed)
        guard block.bytesEqual(ImageFormat.Super.magic, at: 0) else {
            if sumOK || isZero(block) { throw .notAnImage(reason: "block 0 does not start with the magic \"PHANTOM-IMAGE\"") }
            // A damaged superblock: the root records repeat everything needed, unless
            // there is no valid root either (then this is no image at all).
            warnings.append("superblock (block 0) is damaged: bad magic and checksum")
            superblockLost = true
            return
        }
        guard sumOK else {
            warnings.append("superblock (block 0) fails its checksum")
            return
        }
        let version = block.getLE32(at: ImageFormat.Super.versionOffset)
        guard version == ImageFormat.version else { throw .unsupportedVersion(version) }
        guard block.getLE16(at: ImageFormat.Super.probe16Offset) == ImageFormat.probe16,
            block.getLE32(at: ImageFormat.Super.probe32Offset) == ImageFormat.probe32,
            block.getLE64(at: ImageFormat.Super.probe64Offset) == ImageFormat.probe64
        else { throw .notAnImage(reason: "probe values in block 0 are wrong (byte order or field widths differ)") }
        let size = block.getLE32(at: ImageFormat.Super.blockSizeOffset)
        guard size == UInt32(blockSize) else { throw .notAnImage(reason: "block size \(size) in block 0, expected \(blockSize)") }
        imageID = block.getLE64(at: ImageFormat.Super.imageIDOffset)
    }

    /// Reads and checks the root record in `slot`; nil with a reason when it is unusable.
    private func readRoot(slot: Int) throws(StoreError) -> (RootRecord?, String?) {
        let number = slot == 0 ? ImageFormat.rootBlockNumbers.0 : ImageFormat.rootBlockNumbers.1
        try readBlock(number, into: scratch)
        let block = UnsafeRawPointer(scratch)
        if isZero(block) { return (nil, nil) }
        let name = "root record \(slot == 0 ? "A" : "B") (block \(number))"
        guard block.getLE64(at: ImageFormat.checkedBytes) == ImageFormat.selfSum(block, seed: ImageFormat.rootSeed ^ number) else {
            return (nil, "\(name) fails its checksum")
        }
        guard block.bytesEqual(ImageFormat.Root.magic, at: 0) else { return (nil, "\(name) has no root magic") }
        let version = block.getLE32(at: ImageFormat.Root.versionOffset)
        guard version == ImageFormat.version else { throw .unsupportedVersion(version) }
        guard block.getLE64(at: ImageFormat.Root.probe64Offset) == ImageFormat.probe64 else {
            return (nil, "\(name) has wrong probe values")
        }
        let id = block.getLE64(at: ImageFormat.Root.imageIDOffset)
        if imageID == 0 { imageID = id }
        guard id == imageID else { return (nil, "\(name) belongs to another image (id \(id), image \(imageID))") }
        let record = RootRecord(
            generation: block.getLE64(at: ImageFormat.Root.generationOffset),
            pageCount: Int(truncatingIfNeeded: block.getLE64(at: ImageFormat.Root.pageCountOffset)),
            capacityPages: Int(truncatingIfNeeded: block.getLE64(at: ImageFormat.Root.capacityOffset)),
            height: Int(truncatingIfNeeded: block.getLE64(at: ImageFormat.Root.heightOffset)),
            map: BlockPointer(
                block: block.getLE64(at: ImageFormat.Root.mapBlockOffset), sum: block.getLE64(at: ImageFormat.Root.mapSumOffset)),
            time: block.getLE64(at: ImageFormat.Root.timeOffset),
            blocksUsed: block.getLE64(at: ImageFormat.Root.blocksUsedOffset),
            highWater: block.getLE64(at: ImageFormat.Root.highWaterOffset))
        guard record.generation >= 1, (record.generation & 1 == 1) == (slot == 0) else {
            return (nil, "\(name) holds generation \(record.generation), which belongs in the other slot")
        }
        guard record.capacityPages <= maxPages else {
            return (nil, "\(name) describes a space of \(record.capacityPages) pages, more than the \(maxPages) allowed")
        }
        guard record.pageCount >= 0, record.pageCount <= record.capacityPages,
            record.height == ImageFormat.mapHeight(pages: record.pageCount)
        else { return (nil, "\(name) has inconsistent sizes (pages \(record.pageCount), height \(record.height))") }
        return (record, nil)
    }

    private func chooseSnapshot(verifyPages: Bool, meter: inout ProgressMeter) throws(StoreError) {
        var reasons: [String] = []
        var candidates: [RootRecord] = []
        for slot in 0..<2 {
            let (record, reason) = try readRoot(slot: slot)
            if let record { candidates.append(record) }
            if let reason { reasons.append(reason) }
        }
        if candidates.isEmpty && superblockLost {
            throw .notAnImage(reason: "block 0 does not start with the magic \"PHANTOM-IMAGE\" and no root record is valid")
        }
        if candidates.isEmpty && reasons.isEmpty {
            if imageID == 0 { throw .notAnImage(reason: "block 0 and both root records are unreadable") }
            return  // created, never committed
        }
        candidates.sort { $0.generation > $1.generation }
        for (index, candidate) in candidates.enumerated() {
            var map: [BlockPointer] = []
            var inner: [[BlockPointer]] = []
            var blocks: [UInt64] = []
            // A candidate that fails adds its pages to the job instead of taking back
            // what was reported, so `done` never goes down.
            if verifyPages { meter.total = meter.done + candidate.pageCount * meter.unitsPerPage }
            if let problem = try loadMap(
                candidate, leaves: &map, levels: &inner, blocks: &blocks, verifyPages: verifyPages, meter: &meter)
            {
                reasons.append("snapshot \(candidate.generation): \(problem)")
                continue
            }
            current = candidate
            leaves = map
            levels = inner
            markUsed(blocks)
            // The older root is kept as fallback only if it is the direct predecessor.
            if index + 1 < candidates.count, candidates[index + 1].generation + 1 == candidate.generation {
                let older = candidates[index + 1]
                var oldMap: [BlockPointer] = []
                var oldInner: [[BlockPointer]] = []
                var oldBlocks: [UInt64] = []
                if let problem = try loadMap(
                    older, leaves: &oldMap, levels: &oldInner, blocks: &oldBlocks, verifyPages: false, meter: &meter)
                {
                    warnings.append("fallback snapshot \(older.generation) is damaged: \(problem)")
                } else {
                    previous = older
                    replacedByCurrent = oldBlocks.filter { !used.contains($0) }
                    markUsed(oldBlocks)
                }
            }
            warnings.append(contentsOf: reasons)
            return
        }
        throw .noValidSnapshot(reasons: reasons)
    }

    /// Reads the page map of `root`, checking every node; returns a problem or nil. Pages
    /// it verifies count on `meter`, one unit each (holes included).
    private func loadMap(
        _ root: RootRecord, leaves map: inout [BlockPointer], levels inner: inout [[BlockPointer]],
        blocks: inout [UInt64], verifyPages: Bool, meter: inout ProgressMeter
    ) throws(StoreError) -> String? {
        map = []
        inner = []
        guard root.height > 0 else { return nil }
        var seen = BlockSet()
        // Walk top-down: `level` holds the entries of the current level, top first.
        var level: [BlockPointer] = [root.map]
        var sizes: [Int] = []  // entries needed per level, leaves first
        var n = root.pageCount
        for _ in 0..<root.height {
            sizes.append(n)
            n = (n + ImageFormat.mapFanout - 1) >> ImageFormat.mapFanoutShift
        }
        var levelsTopDown: [[BlockPointer]] = [level]
        for depth in stride(from: root.height - 1, through: 0, by: -1) {
            let want = sizes[depth]
            var next: [BlockPointer] = []
            next.reserveCapacity(want)
            for (index, entry) in level.enumerated() {
                let first = index << ImageFormat.mapFanoutShift
                guard first < want else {
                    if entry != .hole { return "page-map node beyond the end is not a hole" }
                    continue
                }
                let count = min(ImageFormat.mapFanout, want - first)
                if entry.block == 0 {
                    if entry.sum != 0 { return "a hole entry carries a checksum" }
                    next.append(contentsOf: repeatElement(BlockPointer.hole, count: count))
                    continue
                }
                if let problem = checkPointer(entry, seen: &seen, what: "page-map node") { return problem }
                try readBlock(entry.block, into: scratch)
                guard ImageFormat.blockSum(scratch, block: entry.block) == entry.sum else {
                    return "page-map node in block \(entry.block) fails its checksum"
                }
                blocks.append(entry.block)
                let node = UnsafeRawPointer(scratch)
                for i in 0..<ImageFormat.mapFanout {
                    let child = BlockPointer(block: node.getLE64(at: i * 16), sum: node.getLE64(at: i * 16 + 8))
                    if i < count {
                        next.append(child)
                    } else if child != .hole {
                        return "page-map node in block \(entry.block) has entries past the end of the space"
                    }
                }
            }
            level = next
            if depth > 0 { levelsTopDown.append(next) }
        }
        for entry in level where entry.block != 0 {
            if let problem = checkPointer(entry, seen: &seen, what: "page") { return problem }
            blocks.append(entry.block)
        }
        if verifyPages {
            let base = meter.done
            for (page, entry) in level.enumerated() where entry.block != 0 {
                meter.advance(to: base + page)
                try readBlock(entry.block, into: scratch)
                if ImageFormat.blockSum(scratch, block: entry.block) != entry.sum {
                    return "page \(page) in block \(entry.block) fails its checksum"
                }
            }
            meter.advance(to: base + level.count)
        }
        map = level
        inner = levelsTopDown.reversed()
        return nil
    }

    private func checkPointer(_ entry: BlockPointer, seen: inout BlockSet, what: String) -> String? {
        if entry.block < ImageFormat.firstDataBlock { return "\(what) points at reserved block \(entry.block)" }
        if entry.block >= device.blockCount { return "\(what) points at block \(entry.block), past the end of the device" }
        if !seen.insert(entry.block) { return "block \(entry.block) is used twice" }
        return nil
    }

    // MARK: - Examining an image (fsck)

    /// One root slot as `examine` found it.
    public struct SlotReport: Equatable {
        public var slot: Int
        public var root: RootRecord?
        /// Blocks the snapshot uses (map nodes and pages), when its map could be read.
        public var blocks: [UInt64]
        /// What is wrong with it (empty: it boots, every page checked).
        public var problems: [String]
    }

    /// Reads everything of both snapshots (superblock, roots, every map node and every
    /// page) and reports what is wrong, naming blocks. Writes nothing. `progress` counts
    /// the pages of both snapshots (holes included), slot A's first.
    public static func examine(
        _ device: Device, progress: ProgressHook? = nil
    ) throws(StoreError) -> (superblock: [String], slots: [SlotReport]) {
        let store = Store(device: device, imageID: 0)
        try store.readSuperblock()
        let roots = [try store.readRoot(slot: 0), try store.readRoot(slot: 1)]
        var meter = ProgressMeter(progress, total: roots.reduce(0) { $0 + ($1.0?.pageCount ?? 0) })
        var slots: [SlotReport] = []
        for (slot, (record, reason)) in roots.enumerated() {
            var report = SlotReport(slot: slot, root: record, blocks: [], problems: reason.map { [$0] } ?? [])
            if let record {
                var map: [BlockPointer] = []
                var inner: [[BlockPointer]] = []
                let base = meter.done
                if let problem = try store.loadMap(
                    record, leaves: &map, levels: &inner, blocks: &report.blocks, verifyPages: true, meter: &meter)
                {
                    report.problems.append("snapshot \(record.generation): \(problem)")
                }
                meter.advance(to: base + record.pageCount)  // past the pages a damaged map left unread
            }
            slots.append(report)
        }
        meter.finish()
        return (store.warnings, slots)
    }

    // MARK: - Reading pages

    /// Reads page `page` of the current snapshot into `buffer`, checking its checksum.
    public func readPage(_ page: Int, into buffer: UnsafeMutableRawPointer) throws(StoreError) {
        let entry = page < leaves.count ? leaves[page] : .hole
        if entry.block == 0 {
            buffer.initializeMemory(as: UInt8.self, repeating: 0, count: blockSize)
            return
        }
        try readBlock(entry.block, into: buffer)
        guard ImageFormat.blockSum(buffer, block: entry.block) == entry.sum else {
            throw .pageDamaged(page: page, block: entry.block, generation: generation)
        }
    }

    /// Reads the run of pages `first ..< first + count`, whose blocks are consecutive,
    /// with one device read into `buffer` (count × 4 KiB); returns the pages that fail
    /// their checksum.
    public func readPages(_ first: Int, count: Int, into buffer: UnsafeMutableRawPointer) throws(StoreError) -> [Int] {
        let block = leaves[first].block
        try io { () throws(DeviceError) in try device.read(block: block, count: count, into: buffer) }
        var damaged: [Int] = []
        for i in 0..<count where ImageFormat.blockSum(buffer + i * blockSize, block: block + UInt64(i)) != leaves[first + i].sum {
            damaged.append(first + i)
        }
        return damaged
    }

    /// How many pages from `first` on (at most `limit`) lie in consecutive blocks.
    public func contiguousRun(from first: Int, limit: Int) -> Int {
        guard first < leaves.count, leaves[first].block != 0 else { return 0 }
        var count = 1
        let end = min(leaves.count, first + limit)
        while first + count < end, leaves[first + count].block == leaves[first].block + UInt64(count) { count += 1 }
        return count
    }

    /// The block that holds `page` in the current snapshot (0 for a hole).
    public func blockOf(page: Int) -> UInt64 { page < leaves.count ? leaves[page].block : 0 }

    // MARK: - Writing a snapshot

    /// Starts snapshot `generation + 1` of a space with `pageCount` pages.
    public func begin(pageCount: Int) {
        precondition(!inFlight, "a snapshot is already in flight")
        inFlight = true
        flightPages = pageCount
        if leaves.count < pageCount {
            leaves.append(contentsOf: repeatElement(BlockPointer.hole, count: pageCount - leaves.count))
        }
        dirtyLeafNodes = Array(repeating: false, count: (pageCount + ImageFormat.mapFanout - 1) >> ImageFormat.mapFanoutShift)
        allocCursor = ImageFormat.firstDataBlock
    }

    /// Writes the pages of `batch` to free blocks and points the in-flight map at them.
    public func write(_ batch: PageBatch) throws(StoreError) {
        precondition(inFlight)
        var index = 0
        var blocks: [UInt64] = []
        blocks.reserveCapacity(batch.count)
        for i in 0..<batch.count {
            let page = batch.pages[i]
            precondition(page < flightPages)
            let data = batch.pageData(i)
            let entry: BlockPointer
            if isZero(UnsafeRawPointer(data)) {
                entry = .hole
                blocks.append(0)
            } else {
                let block = allocate()
                entry = BlockPointer(block: block, sum: ImageFormat.blockSum(data, block: block))
                blocks.append(block)
            }
            setLeaf(page, entry)
        }
        // Issue the writes in runs of consecutive blocks.
        while index < batch.count {
            guard blocks[index] != 0 else {
                index += 1
                continue
            }
            var end = index + 1
            while end < batch.count, blocks[end] == blocks[end - 1] + 1 { end += 1 }
            let first = blocks[index]
            let count = end - index
            let source = UnsafeRawPointer(batch.pageData(index))
            try io { () throws(DeviceError) in try device.write(block: first, count: count, from: source) }
            index = end
        }
    }

    private func setLeaf(_ page: Int, _ entry: BlockPointer) {
        let old = leaves[page]
        flightUndo.append((page, old))
        if old.block != 0 { flightReplaced.append(old.block) }
        leaves[page] = entry
        dirtyLeafNodes[page >> ImageFormat.mapFanoutShift] = true
    }

    /// Writes the page map, flushes, writes the root record and flushes again
    /// (invariants at the top of this file). Returns the new generation.
    @discardableResult
    public func commit(capacityPages: Int, time: UInt64) throws(StoreError) -> UInt64 {
        precondition(inFlight)
        let pages = flightPages
        let height = ImageFormat.mapHeight(pages: pages)
        var newLevels: [[BlockPointer]] = []
        var below = Array(leaves[0..<pages])
        var dirtyBelow = dirtyLeafNodes
        for depth in 0..<height {
            let nodes = (below.count + ImageFormat.mapFanout - 1) >> ImageFormat.mapFanoutShift
            var entries = depth < levels.count ? levels[depth] : []
            // Nodes that are new at this level, or whose entry count changed, are rewritten.
            let oldNodes = entries.count
            if entries.count > nodes { entries.removeLast(entries.count - nodes) }
            while entries.count < nodes { entries.append(.hole) }
            let boundary = pages != (current?.pageCount ?? 0) ? nodes - 1 : nodes
            var dirtyHere = Array(repeating: false, count: (nodes + ImageFormat.mapFanout - 1) >> ImageFormat.mapFanoutShift)
            for node in 0..<nodes where dirtyBelow[node] || node >= oldNodes || node >= boundary {
                let first = node << ImageFormat.mapFanoutShift
                let count = min(ImageFormat.mapFanout, below.count - first)
                let content = scratch
                content.initializeMemory(as: UInt8.self, repeating: 0, count: blockSize)
                var allHoles = true
                for i in 0..<count {
                    let entry = below[first + i]
                    if entry.block != 0 { allHoles = false }
                    content.putLE64(entry.block, at: i * 16)
                    content.putLE64(entry.sum, at: i * 16 + 8)
                }
                let old = entries[node]
                if old.block != 0 { flightReplaced.append(old.block) }
                if allHoles {
                    entries[node] = .hole
                } else {
                    let block = allocate()
                    entries[node] = BlockPointer(block: block, sum: ImageFormat.blockSum(content, block: block))
                    let source = UnsafeRawPointer(content)
                    try io { () throws(DeviceError) in try device.write(block: block, count: 1, from: source) }
                }
                dirtyHere[node >> ImageFormat.mapFanoutShift] = true
            }
            newLevels.append(entries)
            below = entries
            dirtyBelow = dirtyHere
        }
        // Nodes of levels that no longer exist are replaced too.
        if levels.count > height {
            for depth in height..<levels.count { for e in levels[depth] where e.block != 0 { flightReplaced.append(e.block) } }
        }
        let mapRoot = height > 0 ? newLevels[height - 1][0] : BlockPointer.hole
        let generation = self.generation + 1
        let blocksInUse = UInt64(leaves[0..<pages].count { $0.block != 0 }) + UInt64(newLevels.reduce(0) { $0 + $1.count { $0.block != 0 } })
        let record = RootRecord(
            generation: generation, pageCount: pages, capacityPages: capacityPages, height: height, map: mapRoot,
            time: time, blocksUsed: blocksInUse, highWater: highWater)
        try io { () throws(DeviceError) in try device.flush() }
        try writeRoot(record)
        try io { () throws(DeviceError) in try device.flush() }
        // Generation `generation` is complete: the blocks that the current snapshot
        // replaced belonged only to the snapshot before it, which is no longer kept.
        for block in replacedByCurrent { clearUsed(block) }
        replacedByCurrent = flightReplaced
        previous = current
        current = record
        levels = newLevels
        if leaves.count > pages { leaves.removeLast(leaves.count - pages) }
        endFlight()
        return generation
    }

    private func writeRoot(_ record: RootRecord) throws(StoreError) {
        let number = record.generation & 1 == 1 ? ImageFormat.rootBlockNumbers.0 : ImageFormat.rootBlockNumbers.1
        let block = scratch
        block.initializeMemory(as: UInt8.self, repeating: 0, count: blockSize)
        for (i, byte) in ImageFormat.Root.magic.enumerated() { block.storeBytes(of: byte, toByteOffset: i, as: UInt8.self) }
        block.putLE32(ImageFormat.version, at: ImageFormat.Root.versionOffset)
        block.putLE32(UInt32(blockSize), at: ImageFormat.Root.blockSizeOffset)
        block.putLE64(imageID, at: ImageFormat.Root.imageIDOffset)
        block.putLE64(record.generation, at: ImageFormat.Root.generationOffset)
        block.putLE64(UInt64(record.pageCount), at: ImageFormat.Root.pageCountOffset)
        block.putLE64(UInt64(record.capacityPages), at: ImageFormat.Root.capacityOffset)
        block.putLE64(UInt64(record.height), at: ImageFormat.Root.heightOffset)
        block.putLE64(record.map.block, at: ImageFormat.Root.mapBlockOffset)
        block.putLE64(record.map.sum, at: ImageFormat.Root.mapSumOffset)
        block.putLE64(record.time, at: ImageFormat.Root.timeOffset)
        block.putLE64(record.blocksUsed, at: ImageFormat.Root.blocksUsedOffset)
        block.putLE64(record.highWater, at: ImageFormat.Root.highWaterOffset)
        block.putLE64(ImageFormat.probe64, at: ImageFormat.Root.probe64Offset)
        block.putLE64(ImageFormat.selfSum(block, seed: ImageFormat.rootSeed ^ number), at: ImageFormat.checkedBytes)
        let source = UnsafeRawPointer(block)
        try io { () throws(DeviceError) in try device.write(block: number, count: 1, from: source) }
    }

    /// Abandons the snapshot in flight: its blocks are free again, the map is as before.
    public func abort() {
        guard inFlight else { return }
        for (page, old) in flightUndo.reversed() { leaves[page] = old }
        if leaves.count > (current?.pageCount ?? 0) { leaves.removeLast(leaves.count - (current?.pageCount ?? 0)) }
        for block in flightAllocated { clearUsed(block) }
        endFlight()
    }

    private func endFlight() {
        inFlight = false
        flightAllocated.removeAll()
        flightReplaced.removeAll()
        flightUndo.removeAll()
        dirtyLeafNodes.removeAll()
    }

    public var isInFlight: Bool { inFlight }

    // MARK: - Free blocks

    /// The lowest free block at or after the cursor: each snapshot fills holes in
    /// ascending order, so its writes are as sequential as the free space allows.
    private func allocate() -> UInt64 {
        let block = used.firstAbsent(from: allocCursor)
        used.insert(block)
        allocCursor = block + 1
        highWater = max(highWater, block + 1)
        flightAllocated.append(block)
        return block
    }

    private func markUsed(_ blocks: [UInt64]) {
        for block in blocks {
            used.insert(block)
            highWater = max(highWater, block + 1)
        }
    }

    private func clearUsed(_ block: UInt64) { used.remove(block) }


    // MARK: - Helpers

    private func readBlock(_ block: UInt64, into buffer: UnsafeMutableRawPointer) throws(StoreError) {
        try io { () throws(DeviceError) in try device.read(block: block, count: 1, into: buffer) }
    }

    private func io(_ body: () throws(DeviceError) -> Void) throws(StoreError) {
        do { try body() } catch { throw .device(error) }
    }
}

/// A growable set of block numbers as a bitmap (block numbers are dense and small).
struct BlockSet {
    private(set) var words: [UInt64] = []

    func contains(_ block: UInt64) -> Bool {
        let word = Int(block >> 6)
        return word < words.count && words[word] & (1 << (block & 63)) != 0
    }

    /// Adds `block`; false if it was there already.
    @discardableResult
    mutating func insert(_ block: UInt64) -> Bool {
        let word = Int(block >> 6)
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: max(word + 1 - words.count, words.count))) }
        let bit: UInt64 = 1 << (block & 63)
        defer { words[word] |= bit }
        return words[word] & bit == 0
    }

    mutating func remove(_ block: UInt64) {
        let word = Int(block >> 6)
        if word < words.count { words[word] &= ~(1 << (block & 63)) }
    }

    /// The lowest block at or after `start` that is not in the set.
    func firstAbsent(from start: UInt64) -> UInt64 {
        var block = start
        while Int(block >> 6) < words.count {
            let bits = words[Int(block >> 6)] >> (block & 63)
            if bits & 1 == 0 { return block }
            block += UInt64((~bits).trailingZeroBitCount)
        }
        return block
    }
}

/// True if the block is all zeros.
func isZero(_ block: UnsafeRawPointer) -> Bool {
    var acc: UInt64 = 0
    for i in 0..<(blockSize / 8) { acc |= block.load(fromByteOffset: i * 8, as: UInt64.self) }
    return acc == 0
}

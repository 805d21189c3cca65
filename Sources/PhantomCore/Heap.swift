// Heap.swift — the object layer of the persistent object space (PhantomCore).
//
// Space.swift (below) gives us 4 KiB pages, byte offsets and the write barrier. This
// file puts objects on top: the reference word, the object header, the space header
// in page 0, the page descriptor table and the allocator. Reference counting and the
// cycle collector are in RefCount.swift, the consistency checker in Verify.swift. The
// byte-level layout of everything here is drawn in Docs/ObjectLayout.md; keep the two
// in step.
//
// Representation. A reference is one 64-bit word, so that a slot is a plain u64 the
// snapshot writer can copy without knowing what it holds:
//
//    63                                             3   2   1   0
//   +-----------------------------------------------+---+---+---+
//   | byte offset of an object header (16-aligned)  | 0 | 0 | 0 |   object (never 0)
//   | 63-bit two's complement integer                       | 1 |   int
//   | all zero                                                  |   null
//   +-----------------------------------------------------------+
//   low bits 010, 100, 110 are reserved (verify() reports them).
//
// Offsets rather than host addresses keep the image position independent and let a
// space outgrow 4 GiB. Every object starts with a 16-byte header (class, payload size,
// refcount and flags); the payload is either reference slots or raw bytes.
//
// Every load from the space goes through `space.load*`/`willRead` and every store
// through `space.store*`/`zero`/`willWrite`, because those do lazy page loading after
// recovery, copy-on-write for a running snapshot and dirty tracking. No host pointer
// into the space is kept: a raw write the barrier did not see would be missing from
// the next snapshot.
//
// The heap is single-threaded: one mutator, and snapshots are cut at safepoints.

// MARK: - References

/// A reference word: null, a tagged 63-bit integer or the offset of an object header.
/// It is a plain value; holding one does not keep the object alive (see `Heap.retain`).
public struct Ref: Hashable, Sendable, CustomStringConvertible {
    /// The word exactly as stored in a slot of the space.
    public let raw: UInt64

    @inline(__always) public init(raw: UInt64) { self.raw = raw }

    /// The null reference (all bits zero, so freshly zeroed slots are null).
    public static let null = Ref(raw: 0)
    /// Range of a tagged integer: 63 bits, two's complement.
    public static let intMax = (1 << 62) - 1
    public static let intMin = -(1 << 62)

    /// A tagged integer. Values outside `intMin...intMax` do not fit the encoding.
    @inline(__always) public init(int value: Int) {
        precondition(value >= Ref.intMin && value <= Ref.intMax, "integer does not fit in 63 bits")
        raw = UInt64(bitPattern: Int64(value) &<< 1) | 1
    }

    /// A reference to the object whose header is at `offset` (16-aligned, nonzero).
    @inline(__always) public init(offset: Int) {
        precondition(offset > 0 && offset & 15 == 0, "object offsets are 16-aligned and nonzero")
        raw = UInt64(offset)
    }

    @inline(__always) public var isNull: Bool { raw == 0 }
    @inline(__always) public var isInt: Bool { raw & 1 == 1 }
    @inline(__always) public var isObject: Bool { raw != 0 && raw & 7 == 0 }
    /// Low bits 010/100/110: not produced by this layer; a slot holding one is damage.
    @inline(__always) public var isReserved: Bool { raw & 1 == 0 && raw & 7 != 0 }

    /// The integer of a tagged-int reference (arithmetic shift restores the sign).
    @inline(__always) public var intValue: Int {
        precondition(isInt, "not an integer reference")
        return Int(Int64(bitPattern: raw) &>> 1)
    }

    /// The byte offset of the object header.
    @inline(__always) public var offset: Int {
        precondition(isObject, "not an object reference")
        return Int(truncatingIfNeeded: raw)
    }

    public var description: String {
        if isNull { return "null" }
        if isInt { return "int \(intValue)" }
        if isObject { return "object \(hex(raw))" }
        return "reserved \(hex(raw))"
    }
}

/// "0x…" for messages; offsets and page numbers are always printed this way.
func hex<Value: BinaryInteger>(_ value: Value) -> String { "0x" + String(value, radix: 16) }

// MARK: - Object header

/// Byte offsets and bits of the 16-byte object header (Docs/ObjectLayout.md, table 3).
enum ObjectHeader {
    /// u64: the class, a reference word that is not counted (classes are pinned by the
    /// class table), so making an instance never dirties the class's page.
    static let classWord = 0
    /// u32: payload size in bytes.
    static let payloadSize = 8
    /// u32: refcount in bits 0..23, flags in bits 24..31.
    static let countAndFlags = 12
    /// The payload starts right after the header.
    static let size = 16

    /// Refcount field; the all-ones value means saturated (stuck, never freed by counting).
    static let countMask: UInt32 = 0x00FF_FFFF
    static let saturated: UInt32 = 0x00FF_FFFF
    /// Payload is an array of counted reference words.
    static let refs: UInt32 = 1 << 24
    /// Payload may no longer be stored to (set by the layer above).
    static let immutable: UInt32 = 1 << 25
    /// The object is in the cycle-candidate buffer.
    static let buffered: UInt32 = 1 << 26
    /// Bacon–Rajan colour in bits 27..28.
    static let colorShift: UInt32 = 27
    static let colorMask: UInt32 = 3 << colorShift
    static let black: UInt32 = 0 << colorShift
    static let gray: UInt32 = 1 << colorShift
    static let white: UInt32 = 2 << colorShift
    static let purple: UInt32 = 3 << colorShift
    /// A free slab block; its payload-size field then holds the next free block (index+1).
    static let free: UInt32 = 1 << 29
    /// Bits 30 and 31 are reserved and must be zero.
    static let reserved: UInt32 = 3 << 30
}

// MARK: - Space header (page 0)

/// Byte offsets of the space header's fields in page 0 (Docs/ObjectLayout.md, table 1).
/// Everything is little-endian; the probe word catches a reader that is not.
enum HeaderField {
    static let magic = 0                // 8 bytes "PHSPACE1"
    static let version = 8              // u32
    static let pageSize = 12            // u32
    static let probe = 16               // u64 0x0102_0304_0506_0708
    static let capacity = 24            // u64 capacity in pages
    static let descriptorFirst = 32     // u32 first page of the descriptor table
    static let descriptorPages = 36     // u32 pages in the descriptor table
    static let root = 40                // u64 counted reference
    static let candidates = 48          // u64 counted reference to the candidate buffer
    static let candidateCount = 56      // u64 entries in use in the candidate buffer
    static let freeRuns = 64            // u32 first page of the first free run (0 = none)
    static let sizeClassCount = 68      // u32 number of size classes (layout probe)
    static let liveObjects = 72         // u64
    static let liveBytes = 80           // u64 sum of header + payload of live objects
    static let slabPages = 88           // u64
    static let largePages = 96          // u64
    static let freePages = 104          // u64 pages in free runs
    static let droppedCandidates = 112  // u64 candidates lost because the buffer could not grow
    static let partialHeads = 128       // u32 per size class: first slab page with free blocks

    static let magicValue: UInt64 = 0x3145_4341_5053_4850  // "PHSPACE1" read as little-endian u64
    static let probeValue: UInt64 = 0x0102_0304_0506_0708
    static let currentVersion: UInt32 = 1
}

// MARK: - Page descriptors

/// What a page is used for; the first byte of its descriptor.
enum PageKind: UInt8 {
    case unused = 0
    case freeHead = 1
    case freeTail = 2
    case slab = 3
    case largeHead = 4
    case largeContinuation = 5
    case metadata = 6
}

/// Byte offsets inside a 16-byte page descriptor (Docs/ObjectLayout.md, table 2). The
/// first eight bytes are read and written as one little-endian u64 ("word 0").
enum DescriptorField {
    static let size = 16
    static let kind = 0          // u8
    static let sizeClass = 1     // u8, slab
    static let used = 2          // u16, slab: blocks holding objects
    static let freeBlock = 4     // u16, slab: first free block, index+1 (0 = none)
    static let bump = 6          // u16, slab: blocks ever handed out
    static let runLength = 4     // u32, free head/tail and large head: pages in the run
    static let next = 8          // u32, list link (slab partial list, free-run list)
    static let head = 8          // u32, free tail and large continuation: first page of the run
    static let prev = 12         // u32, list link
}

/// Word 0 of a page descriptor, its first eight bytes read as one little-endian u64.
/// Fields are extracted by the byte offsets of `DescriptorField`, so the code and
/// table 2 of the layout document share one definition.
struct DescriptorWord: Equatable {
    let raw: UInt64

    @inline(__always) init(raw: UInt64) { self.raw = raw }

    @inline(__always) static func slab(sizeClass: Int, used: Int, firstFree: Int, bump: Int) -> DescriptorWord {
        DescriptorWord(raw: UInt64(PageKind.slab.rawValue)
            | UInt64(sizeClass) &<< UInt64(DescriptorField.sizeClass * 8)
            | UInt64(used) &<< UInt64(DescriptorField.used * 8)
            | UInt64(firstFree) &<< UInt64(DescriptorField.freeBlock * 8)
            | UInt64(bump) &<< UInt64(DescriptorField.bump * 8))
    }

    /// A descriptor with only a kind and (for runs) a length.
    @inline(__always) static func run(_ kind: PageKind, length: Int = 0) -> DescriptorWord {
        DescriptorWord(raw: UInt64(kind.rawValue) | UInt64(length) &<< UInt64(DescriptorField.runLength * 8))
    }

    @inline(__always) private func field(_ offset: Int, bytes: Int) -> Int {
        Int(truncatingIfNeeded: (raw &>> UInt64(offset * 8)) & (UInt64.max &>> UInt64(64 - bytes * 8)))
    }

    var kind: UInt8 { UInt8(truncatingIfNeeded: raw &>> UInt64(DescriptorField.kind * 8)) }
    var sizeClass: Int { field(DescriptorField.sizeClass, bytes: 1) }
    var used: Int { field(DescriptorField.used, bytes: 2) }
    var firstFree: Int { field(DescriptorField.freeBlock, bytes: 2) }
    var bump: Int { field(DescriptorField.bump, bytes: 2) }
    var runLength: Int { field(DescriptorField.runLength, bytes: 4) }
}

// MARK: - Public value types

/// Occupancy of the space, read from the header (kept up to date by every alloc/free).
public struct HeapStats: Equatable, Sendable, CustomStringConvertible {
    /// Allocated objects, including the heap's own candidate buffer.
    public var liveObjects: Int
    /// Sum over live objects of header + payload bytes (block slack not included).
    public var liveBytes: Int
    public var slabPages: Int
    public var largePages: Int
    /// Pages in free runs (ready for reuse without growing the space).
    public var freePages: Int
    /// The space's size in pages, metadata pages included.
    public var pageCount: Int

    public init(liveObjects: Int, liveBytes: Int, slabPages: Int, largePages: Int, freePages: Int, pageCount: Int) {
        self.liveObjects = liveObjects
        self.liveBytes = liveBytes
        self.slabPages = slabPages
        self.largePages = largePages
        self.freePages = freePages
        self.pageCount = pageCount
    }

    public var description: String {
        "objects \(liveObjects), bytes \(liveBytes), slab \(slabPages), large \(largePages), "
            + "free \(freePages), pages \(pageCount)"
    }
}

/// Why a recovered space cannot be attached as a heap.
public enum HeapError: Error, Equatable, CustomStringConvertible {
    /// The space has no pages at all.
    case empty
    /// Page 0 does not start with "PHSPACE1".
    case badMagic(found: UInt64)
    /// The probe word reads wrong: a big-endian or otherwise foreign reader.
    case badProbe(found: UInt64)
    case unsupportedVersion(UInt32)
    case wrongPageSize(UInt32)
    /// The allocator's size-class table differs from this build's.
    case sizeClassMismatch(found: UInt32)
    /// The descriptor table is not where the capacity says it must be.
    case badDescriptorTable(firstPage: Int, pages: Int, capacityPages: Int)
    /// The space is smaller than its own metadata, or larger than its recorded capacity.
    case pageCountOutOfRange(pageCount: Int, minimum: Int, maximum: Int)

    public var description: String {
        switch self {
        case .empty:
            return "space has no pages: nothing to attach (format it instead)"
        case .badMagic(let found):
            return "page 0 offset 0x0: magic is \(hex(found)), "
                + "not \"PHSPACE1\": not a Phantom object space"
        case .badProbe(let found):
            return "page 0 offset \(hex(HeaderField.probe)): probe reads \(hex(found)), "
                + "expected 0x102030405060708: written by a different byte order"
        case .unsupportedVersion(let v):
            return "page 0 offset \(hex(HeaderField.version)): layout version \(v), "
                + "this build reads version \(HeaderField.currentVersion)"
        case .wrongPageSize(let size):
            return "page 0 offset \(hex(HeaderField.pageSize)): page size \(size), this build uses \(Space.pageSize)"
        case .sizeClassMismatch(let n):
            return "page 0 offset \(hex(HeaderField.sizeClassCount)): \(n) size classes, "
                + "this build has \(Heap.blockSizes.count)"
        case .badDescriptorTable(let first, let pages, let capacity):
            return "page 0: descriptor table at page \(first) with \(pages) pages "
                + "does not fit a capacity of \(capacity) pages"
        case .pageCountOutOfRange(let count, let minimum, let maximum):
            return "space has \(count) pages, but its header needs between \(minimum) and \(maximum)"
        }
    }
}

// MARK: - The heap

/// The object layer over one `Space`: allocation, object access and the persistent
/// header. All of its state lives in the space; the instance only caches constants of
/// the layout, so attaching a recovered space is just reading page 0.
public final class Heap {
    public let space: Space
    /// The most pages this heap will grow to: the descriptor table covers this many.
    let capacityPages: Int
    /// Pages 1...descriptorPages hold the descriptor table.
    let descriptorPages: Int
    /// The first page the allocator may hand out.
    let firstDataPage: Int
    /// Buffered cycle candidates at which `allocate` runs the collector first; 0 = never.
    /// Host-side policy, not persisted.
    public var cycleCollectionThreshold: Int = Heap.defaultCycleCollectionThreshold
    /// Half the objects the last collection traced: `allocate` waits for at least this
    /// many candidates too, so that a collection whose candidates lead into a large live
    /// structure (a big map) is paid for by as many releases as it traced objects,
    /// instead of the whole structure being traced again every threshold candidates.
    /// Host-side, not persisted.
    var collectionPacing = 0
    /// Whether freed boxes (raw objects of one 8-byte word: longs, doubles) are kept
    /// for the next box instead of going back to the allocator (see `freedBoxes`). The
    /// VM turns it on; turning it off frees the kept ones.
    public var keepsFreedBoxes: Bool {
        get { freedBoxRoom > 0 }
        set {
            freedBoxRoom = newValue ? Heap.freedBoxLimit : 0
            if !newValue { flushFreedBoxes() }
            space.beforeCut = newValue ? { [unowned(unsafe) self] in self.flushFreedBoxes() } : nil
        }
    }
    /// Boxes freed since the last flush, still allocated and counted live: a program that
    /// makes and drops a box per operation reuses one without the slab bookkeeping (a
    /// descriptor update and two header counters each way). They are really freed
    /// before anything looks at the heap as a whole (`verify`, `census`, `stats`) and
    /// before a snapshot's cut (`Space.beforeCut`), so no image ever holds one.
    /// (A buffer and a count, not an array: an array property's appends would each take a
    /// dynamic exclusivity check.)
    private let freedBoxes = UnsafeMutablePointer<Int>.allocate(capacity: Heap.freedBoxLimit)
    private var freedBoxCount = 0
    /// How many boxes may be kept: `freedBoxLimit`, or 0 when none are.
    private var freedBoxRoom = 0
    static let freedBoxLimit = 64

    deinit {
        if keepsFreedBoxes { keepsFreedBoxes = false }  // frees them, unhooks the cut
        freedBoxes.deallocate()
    }

    /// 64 Ki candidates (a 512 KiB buffer): large enough that collection work is
    /// amortised over many releases, small enough to bound the buffer.
    public static let defaultCycleCollectionThreshold = 1 << 16
    /// Block sizes of the size classes, header included, all multiples of 16. Spacing is
    /// 16 up to 128, then four steps per doubling, so internal waste stays under ~20%;
    /// 1360 is the largest 16-multiple that fits three times in a page.
    public static let blockSizes: [Int] = [
        16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256,
        320, 384, 448, 512, 640, 768, 1024, 1360, 2048,
    ]
    /// Blocks bigger than this take whole pages.
    public static let largestBlock = 2048
    /// The largest refcount; a count that reaches it stays there.
    public static let maxRefCount = Int(ObjectHeader.saturated)

    /// Formats an empty space: header in page 0, descriptor table in pages 1...k.
    /// Throws if the capacity cannot even hold the metadata.
    public init(formatting space: Space) throws(SpaceError) {
        precondition(space.pageCount == 0, "only an empty space can be formatted")
        precondition(space.capacityPages <= Int(UInt32.max), "page numbers are 32-bit")
        self.space = space
        capacityPages = space.capacityPages
        descriptorPages = Heap.descriptorPages(forCapacity: space.capacityPages)
        firstDataPage = descriptorPages + 1
        try space.grow(to: firstDataPage)
        writeHeader()
        for page in 0..<firstDataPage {
            setWord0(page, .run(.metadata))
        }
    }

    /// Attaches a space recovered from an image: checks the header, touches nothing else.
    public init(attaching space: Space) throws(HeapError) {
        guard space.pageCount > 0 else { throw .empty }
        let magic = space.load64(HeaderField.magic)
        guard magic == HeaderField.magicValue else { throw .badMagic(found: magic) }
        let probe = space.load64(HeaderField.probe)
        guard probe == HeaderField.probeValue else { throw .badProbe(found: probe) }
        let version = space.load32(HeaderField.version)
        guard version == HeaderField.currentVersion else { throw .unsupportedVersion(version) }
        let pageSize = space.load32(HeaderField.pageSize)
        guard pageSize == UInt32(Space.pageSize) else { throw .wrongPageSize(pageSize) }
        let classes = space.load32(HeaderField.sizeClassCount)
        guard classes == UInt32(Heap.blockSizes.count) else { throw .sizeClassMismatch(found: classes) }
        let recorded = Int(truncatingIfNeeded: space.load64(HeaderField.capacity))
        let first = Int(space.load32(HeaderField.descriptorFirst))
        let pages = Int(space.load32(HeaderField.descriptorPages))
        guard recorded > 0, recorded <= Int(UInt32.max), first == 1,
            pages == Heap.descriptorPages(forCapacity: recorded)
        else { throw .badDescriptorTable(firstPage: first, pages: pages, capacityPages: recorded) }
        guard space.pageCount >= pages + 1, space.pageCount <= recorded else {
            throw .pageCountOutOfRange(pageCount: space.pageCount, minimum: pages + 1, maximum: recorded)
        }
        self.space = space
        // The table only has descriptors for `recorded` pages; a smaller region caps us lower.
        capacityPages = min(recorded, space.capacityPages)
        descriptorPages = pages
        firstDataPage = pages + 1
    }

    /// One 16-byte descriptor per page of capacity, 256 to a page.
    static func descriptorPages(forCapacity capacity: Int) -> Int {
        (capacity * DescriptorField.size + Space.pageSize - 1) / Space.pageSize
    }

    private func writeHeader() {
        space.store64(HeaderField.magic, HeaderField.magicValue)
        space.store32(HeaderField.version, HeaderField.currentVersion)
        space.store32(HeaderField.pageSize, UInt32(Space.pageSize))
        space.store64(HeaderField.probe, HeaderField.probeValue)
        space.store64(HeaderField.capacity, UInt64(capacityPages))
        space.store32(HeaderField.descriptorFirst, 1)
        space.store32(HeaderField.descriptorPages, UInt32(descriptorPages))
        space.store32(HeaderField.sizeClassCount, UInt32(Heap.blockSizes.count))
        // Every other field (root, lists, statistics) starts at zero, as grow() left it.
    }

    // MARK: - Objects

    /// A new object of `slots` null reference slots, refcount 1 (owned by the caller).
    /// May run the cycle collector first (see `cycleCollectionThreshold`).
    public func allocate(slots: Int, class cls: Ref = .null) throws(SpaceError) -> Ref {
        precondition(slots >= 0 && slots <= Int(UInt32.max) / 8, "slot count out of range")
        return try allocateObject(payload: slots * 8, flags: ObjectHeader.refs, class: cls)
    }

    /// A new raw object of `bytes` zero bytes, refcount 1 (owned by the caller).
    public func allocate(bytes: Int, class cls: Ref = .null) throws(SpaceError) -> Ref {
        precondition(bytes >= 0 && bytes <= Int(UInt32.max) - ObjectHeader.size, "byte count out of range")
        return try allocateObject(payload: bytes, flags: 0, class: cls)
    }

    /// A raw object whose bytes are left as the block had them: the caller writes every
    /// one before anything else can see the object (a string built in place).
    public func allocate(uninitializedBytes bytes: Int, class cls: Ref) throws(SpaceError) -> Ref {
        precondition(bytes >= 0 && bytes <= Int(UInt32.max) - ObjectHeader.size, "byte count out of range")
        return try allocateObject(payload: bytes, flags: 0, class: cls, zeroed: false)
    }

    /// Number of reference slots (0 for a raw object).
    public func slotCount(_ object: Ref) -> Int {
        let info = headerInfo(object.offset)
        return info.flags & ObjectHeader.refs != 0 ? info.payload / 8 : 0
    }

    /// Payload size in bytes (slots × 8 for a slot object).
    public func byteCount(_ object: Ref) -> Int {
        Int(space.load32(object.offset + ObjectHeader.payloadSize))
    }

    /// True for objects made by `allocate(slots:)`.
    public func hasSlots(_ object: Ref) -> Bool {
        space.load32(object.offset + ObjectHeader.countAndFlags) & ObjectHeader.refs != 0
    }

    public func load(_ object: Ref, slot: Int) -> Ref {
        let offset = object.offset
        let info = headerInfo(offset)
        precondition(info.flags & ObjectHeader.refs != 0, "slot access to a raw object")
        precondition(slot >= 0 && slot < info.payload / 8, "slot index out of range")
        return Ref(raw: space.load64(offset + ObjectHeader.size + slot * 8))
    }

    /// Stores `value` into a slot: the slot's new reference is counted, the old one released.
    public func store(_ object: Ref, slot: Int, _ value: Ref) {
        let address = writableSlotAddress(object, slot)
        precondition(!value.isReserved, "reserved reference tag")
        // Retain first: storing the value a slot already holds must not free it in between.
        retain(value)
        let old = space.load64(address)
        space.store64(address, value.raw)
        release(Ref(raw: old))
    }

    /// Stores an int (or null) into a slot that holds an int or null: neither value is
    /// counted, so it is a plain store (the interpreter's stack depths, each slice).
    @inline(__always) public func storeUncounted(_ object: Ref, slot: Int, _ value: Ref) {
        let address = object.offset &+ ObjectHeader.size &+ slot &* 8
        precondition(!value.isObject && !Ref(raw: space.load64(address)).isObject, "a counted reference in an uncounted store")
        space.store64(address, value.raw)
    }

    /// Moves the reference in `source`'s slot into `target`'s slot, which must be null,
    /// and nulls the source slot: the count the source held passes to the target, so no
    /// count changes and the referenced object is not touched (a table being rebuilt).
    public func moveSlot(_ source: Ref, _ sourceSlot: Int, to target: Ref, _ targetSlot: Int) {
        let from = writableSlotAddress(source, sourceSlot)
        let to = writableSlotAddress(target, targetSlot)
        precondition(space.load64(to) == 0, "a move into a slot that is not null")
        space.store64(to, space.load64(from))
        space.store64(from, 0)
    }

    /// The address of a slot that may be stored to (checked: a slot object, mutable,
    /// the slot in range).
    @inline(__always) private func writableSlotAddress(_ object: Ref, _ slot: Int) -> Int {
        let info = headerInfo(object.offset)
        precondition(info.flags & ObjectHeader.refs != 0, "slot access to a raw object")
        precondition(info.flags & ObjectHeader.immutable == 0, "store into an immutable object")
        precondition(slot >= 0 && slot < info.payload / 8, "slot index out of range")
        return object.offset &+ ObjectHeader.size &+ slot &* 8
    }

    public func loadByte(_ object: Ref, at index: Int) -> UInt8 {
        let offset = object.offset
        precondition(index >= 0 && index < headerInfo(offset).payload, "byte index out of range")
        return space.load8(offset + ObjectHeader.size + index)
    }

    public func storeByte(_ object: Ref, at index: Int, _ value: UInt8) {
        let offset = object.offset
        let info = headerInfo(offset)
        precondition(info.flags & (ObjectHeader.refs | ObjectHeader.immutable) == 0,
            "byte store into a slot object or an immutable object")
        precondition(index >= 0 && index < info.payload, "byte index out of range")
        space.store8(offset + ObjectHeader.size + index, value)
    }

    /// Copies `source` into a raw object's payload starting at byte `index`.
    public func storeBytes(_ object: Ref, at index: Int, from source: UnsafeRawBufferPointer) {
        let offset = object.offset
        let info = headerInfo(offset)
        precondition(info.flags & (ObjectHeader.refs | ObjectHeader.immutable) == 0,
            "byte store into a slot object or an immutable object")
        precondition(index >= 0 && source.count <= info.payload - index, "byte range out of range")
        guard let base = source.baseAddress else { return }
        space.storeBytes(offset + ObjectHeader.size + index, from: base, count: source.count)
    }

    /// Copies payload bytes starting at `index` into `target` (as many as it holds).
    public func loadBytes(_ object: Ref, at index: Int, into target: UnsafeMutableRawBufferPointer) {
        let offset = object.offset
        precondition(index >= 0 && target.count <= headerInfo(offset).payload - index, "byte range out of range")
        guard let base = target.baseAddress else { return }
        space.loadBytes(offset + ObjectHeader.size + index, into: base, count: target.count)
    }

    public func classOf(_ object: Ref) -> Ref {
        Ref(raw: space.load64(object.offset + ObjectHeader.classWord))
    }

    /// The stored count; `Heap.maxRefCount` means saturated.
    public func refCount(_ object: Ref) -> Int {
        Int(space.load32(object.offset + ObjectHeader.countAndFlags) & ObjectHeader.countMask)
    }

    /// Forbids further payload stores (the VM uses it for constants and code).
    public func makeImmutable(_ object: Ref) {
        let at = object.offset + ObjectHeader.countAndFlags
        space.store32(at, space.load32(at) | ObjectHeader.immutable)
    }

    public func isImmutable(_ object: Ref) -> Bool {
        space.load32(object.offset + ObjectHeader.countAndFlags) & ObjectHeader.immutable != 0
    }

    /// The persistent root. The header holds one count on it.
    public var root: Ref {
        get { Ref(raw: space.load64(HeaderField.root)) }
        set {
            precondition(!newValue.isReserved, "reserved reference tag")
            retain(newValue)
            let old = space.load64(HeaderField.root)
            space.store64(HeaderField.root, newValue.raw)
            release(Ref(raw: old))
        }
    }

    public var stats: HeapStats {
        flushFreedBoxes()
        return HeapStats(
            liveObjects: headerInt(HeaderField.liveObjects),
            liveBytes: headerInt(HeaderField.liveBytes),
            slabPages: headerInt(HeaderField.slabPages),
            largePages: headerInt(HeaderField.largePages),
            freePages: headerInt(HeaderField.freePages),
            pageCount: space.pageCount)
    }

    /// Payload size and flag bits with one load (the two header fields share a u64).
    @inline(__always) func headerInfo(_ offset: Int) -> (payload: Int, flags: UInt32) {
        let word = space.load64(offset + ObjectHeader.payloadSize)
        return (Int(word & 0xFFFF_FFFF), UInt32(truncatingIfNeeded: word &>> 32))
    }

    // MARK: - Allocation

    /// A raw object of one 64-bit word holding `bits` (a long or double box), immutable
    /// from the start if asked: the word is written once, with no zeroing pass before it.
    public func allocate(word bits: UInt64, class cls: Ref, immutable: Bool) throws(SpaceError) -> Ref {
        let flags = immutable ? ObjectHeader.immutable : 0
        if freedBoxCount > 0 {
            // A kept box: still counted live and still in its slab, only its header is new.
            freedBoxCount &-= 1
            let offset = freedBoxes[freedBoxCount]
            space.store64(offset &+ ObjectHeader.classWord, cls.raw)
            space.store64(offset &+ ObjectHeader.payloadSize, 8 | UInt64(flags | 1) &<< 32)
            space.store64(offset &+ ObjectHeader.size, bits)
            return Ref(raw: UInt64(offset))
        }
        let box = try allocateObject(payload: 8, flags: flags, class: cls, zeroed: false)
        space.store64(box.offset &+ ObjectHeader.size, bits)
        return box
    }

    /// The public allocation path: collects cycles when the candidate buffer is past the
    /// threshold, and once more before giving up when the space is full.
    private func allocateObject(payload: Int, flags: UInt32, class cls: Ref, zeroed: Bool = true) throws(SpaceError) -> Ref {
        precondition(!cls.isReserved, "reserved reference tag")
        if cycleCollectionThreshold > 0 && candidateCount >= max(cycleCollectionThreshold, collectionPacing) {
            collectCycles()
        }
        let offset: Int
        do {
            offset = try newObject(payload: payload, flags: flags, class: cls, zeroed: zeroed)
        } catch {
            guard candidateCount > 0 else { throw error }
            collectCycles()
            offset = try newObject(payload: payload, flags: flags, class: cls, zeroed: zeroed)
        }
        return Ref(raw: UInt64(offset))
    }

    /// Allocates and initialises an object; never collects (the collector's own buffer
    /// is allocated through here from inside `release`).
    /// `zeroed: false` leaves the payload's old bytes for a caller that overwrites all
    /// of them before anything else can see the object (raw objects only).
    func newObject(payload: Int, flags: UInt32, class cls: Ref, zeroed: Bool = true) throws(SpaceError) -> Int {
        let total = ObjectHeader.size + payload
        let offset: Int
        if total <= Heap.largestBlock {
            offset = try allocateBlock(sizeClass: Heap.sizeClass(forBlock: total))
        } else {
            offset = try allocateLarge(bytes: total)
        }
        space.store64(offset + ObjectHeader.classWord, cls.raw)
        space.store64(offset + ObjectHeader.payloadSize, UInt64(payload) | UInt64(flags | 1) &<< 32)
        // Reused blocks and pages hold old contents: slots must read null, bytes zero.
        if zeroed { space.zero(offset + ObjectHeader.size, count: payload) }
        addToHeader(HeaderField.liveObjects, 1)
        addToHeader(HeaderField.liveBytes, total)
        return offset
    }

    /// Returns an object's memory to the allocator. Its references must already be dealt with.
    func freeObject(_ offset: Int) {
        freeObject(offset, headerInfo(offset))
    }

    /// `freeObject` with the object's header already read.
    @inline(__always) func freeObject(_ offset: Int, _ info: (payload: Int, flags: UInt32)) {
        if info.payload == 8 && info.flags & ObjectHeader.refs == 0 && freedBoxCount < freedBoxRoom {
            freedBoxes[freedBoxCount] = offset
            freedBoxCount &+= 1
            return
        }
        releaseMemory(offset, payload: info.payload)
    }

    /// Gives the kept boxes back to the allocator.
    public func flushFreedBoxes() {
        while freedBoxCount > 0 {
            freedBoxCount -= 1
            let offset = freedBoxes[freedBoxCount]
            releaseMemory(offset, payload: headerInfo(offset).payload)
        }
    }

    private func releaseMemory(_ offset: Int, payload: Int) {
        addToHeader(HeaderField.liveObjects, -1)
        addToHeader(HeaderField.liveBytes, -(ObjectHeader.size + payload))
        let page = offset &>> Space.pageShift
        let word0 = loadWord0(page)
        if word0.kind == PageKind.slab.rawValue {
            freeBlock(offset, page: page, word0: word0)
        } else {
            // A large object: only descriptors change; its pages are not written.
            let length = word0.runLength
            addToHeader(HeaderField.largePages, -length)
            releasePages(page, count: length)
        }
    }

    /// The smallest size class whose blocks hold `total` bytes (header included, ≤ 2048).
    @inline(__always) static func sizeClass(forBlock total: Int) -> Int {
        if total <= 128 { return (total + 15) &>> 4 - 1 }
        if total <= 256 { return 8 + (total - 129) &>> 5 }
        if total <= 512 { return 12 + (total - 257) &>> 6 }
        if total <= 768 { return 16 + (total - 513) &>> 7 }
        if total <= 1024 { return 18 }
        return total <= 1360 ? 19 : 20
    }

    @inline(__always) static func blocksPerPage(sizeClass: Int) -> Int {
        Space.pageSize / blockSizes[sizeClass]
    }

    // MARK: - Slab pages

    /// Takes a block from the first page of the class's partial list (a new page if the
    /// list is empty): the freed block most recently put back is reused first.
    private func allocateBlock(sizeClass: Int) throws(SpaceError) -> Int {
        var page = partialHead(sizeClass)
        if page == 0 { page = try newSlabPage(sizeClass: sizeClass) }
        let size = Heap.blockSizes[sizeClass]
        let word0 = loadWord0(page)
        var used = word0.used
        var firstFree = word0.firstFree
        var bump = word0.bump
        let index: Int
        if firstFree != 0 {
            index = firstFree - 1
            firstFree = Int(space.load32(page &<< Space.pageShift + index * size + ObjectHeader.payloadSize))
        } else {
            index = bump
            bump += 1
        }
        used += 1
        setWord0(page, .slab(sizeClass: sizeClass, used: used, firstFree: firstFree, bump: bump))
        if used == Heap.blocksPerPage(sizeClass: sizeClass) {
            listUnlink(page, head: partialHeadField(sizeClass))
        }
        return page &<< Space.pageShift + index * size
    }

    /// Puts a block on its page's free list; an emptied page goes back to the page pool.
    private func freeBlock(_ offset: Int, page: Int, word0: DescriptorWord) {
        let sizeClass = word0.sizeClass
        let used = word0.used - 1
        let perPage = Heap.blocksPerPage(sizeClass: sizeClass)
        if used == 0 {
            // Every class has ≥ 2 blocks per page, so a page with one object was partial.
            listUnlink(page, head: partialHeadField(sizeClass))
            addToHeader(HeaderField.slabPages, -1)
            releasePages(page, count: 1)
            return
        }
        let firstFree = UInt64(word0.firstFree)
        let index = (offset - page &<< Space.pageShift) / Heap.blockSizes[sizeClass]
        space.store64(offset + ObjectHeader.classWord, 0)
        space.store64(offset + ObjectHeader.payloadSize, firstFree | UInt64(ObjectHeader.free) &<< 32)
        setWord0(page, .slab(sizeClass: sizeClass, used: used, firstFree: index + 1, bump: word0.bump))
        if used == perPage - 1 { listPush(page, head: partialHeadField(sizeClass)) }
    }

    private func newSlabPage(sizeClass: Int) throws(SpaceError) -> Int {
        let page = try takePages(1)
        setWord0(page, .slab(sizeClass: sizeClass, used: 0, firstFree: 0, bump: 0))
        listPush(page, head: partialHeadField(sizeClass))
        addToHeader(HeaderField.slabPages, 1)
        return page
    }

    @inline(__always) func partialHeadField(_ sizeClass: Int) -> Int { HeaderField.partialHeads + sizeClass * 4 }

    @inline(__always) func partialHead(_ sizeClass: Int) -> Int {
        Int(space.load32(partialHeadField(sizeClass)))
    }

    // MARK: - Page runs

    /// A large object owns whole pages: a head descriptor with the length, then one
    /// continuation per page naming the head (so any page can find its object).
    private func allocateLarge(bytes total: Int) throws(SpaceError) -> Int {
        let count = (total + Space.pageSize - 1) &>> Space.pageShift
        let page = try takePages(count)
        setWord0(page, .run(.largeHead, length: count))
        space.store64(descriptorOffset(page) + DescriptorField.next, 0)
        for continuation in (page + 1)..<(page + count) {
            setWord0(continuation, .run(.largeContinuation))
            space.store64(descriptorOffset(continuation) + DescriptorField.head, UInt64(page))
        }
        addToHeader(HeaderField.largePages, count)
        return page &<< Space.pageShift
    }

    /// First fit over the free-run list; the pages are cut from the END of the run so the
    /// run keeps its head descriptor and list position (fewer descriptor pages dirtied).
    /// Falls back to growing the space, extending a free run that ends the space.
    private func takePages(_ count: Int) throws(SpaceError) -> Int {
        var run = Int(space.load32(HeaderField.freeRuns))
        while run != 0 {
            let length = loadWord0(run).runLength
            if length >= count {
                if length == count {
                    listUnlink(run, head: HeaderField.freeRuns)
                } else {
                    setFreeRun(run, length: length - count)
                }
                addToHeader(HeaderField.freePages, -count)
                return run + length - count
            }
            run = Int(space.load32(descriptorOffset(run) + DescriptorField.next))
        }
        let end = space.pageCount
        let tail = end > firstDataPage ? freeRunEnding(at: end - 1) : nil
        let start = tail ?? end
        guard start + count <= capacityPages else { throw .outOfSpace(capacityPages: capacityPages) }
        try space.grow(to: start + count)
        if let tail {
            listUnlink(tail, head: HeaderField.freeRuns)
            addToHeader(HeaderField.freePages, -(end - tail))
        }
        return start
    }

    /// Returns pages to the pool, coalescing with free neighbours (boundary tags), so the
    /// pool never holds two adjacent runs.
    private func releasePages(_ page: Int, count: Int) {
        addToHeader(HeaderField.freePages, count)
        var start = page
        var length = count
        let before = page - 1 >= firstDataPage ? freeRunEnding(at: page - 1) : nil
        if let before {
            // Grow the run in front in place: it keeps its list position.
            start = before
            length += loadWord0(before).runLength
        }
        let after = page + count
        if after < space.pageCount {
            let word0 = loadWord0(after)
            if word0.kind == PageKind.freeHead.rawValue {
                listUnlink(after, head: HeaderField.freeRuns)
                length += word0.runLength
            }
        }
        setFreeRun(start, length: length)
        if before == nil { listPush(start, head: HeaderField.freeRuns) }
    }

    /// Writes the boundary tags of a free run; descriptors strictly inside keep stale
    /// contents and are never read.
    private func setFreeRun(_ start: Int, length: Int) {
        setWord0(start, .run(.freeHead, length: length))
        if length > 1 {
            let last = start + length - 1
            setWord0(last, .run(.freeTail, length: length))
            space.store64(descriptorOffset(last) + DescriptorField.head, UInt64(start))
        }
    }

    /// The first page of the free run whose last page is `page`, or nil if `page` does not
    /// end a free run. `page` must end some run, so its descriptor is current.
    private func freeRunEnding(at page: Int) -> Int? {
        let word0 = loadWord0(page)
        switch word0.kind {
        case PageKind.freeTail.rawValue:
            return Int(space.load32(descriptorOffset(page) + DescriptorField.head))
        case PageKind.freeHead.rawValue where word0.runLength == 1:
            return page
        default:
            return nil
        }
    }

    // MARK: - Descriptors and lists

    @inline(__always) func descriptorOffset(_ page: Int) -> Int {
        Space.pageSize + page &* DescriptorField.size
    }

    @inline(__always) func loadWord0(_ page: Int) -> DescriptorWord {
        DescriptorWord(raw: space.load64(descriptorOffset(page)))
    }

    @inline(__always) func setWord0(_ page: Int, _ word: DescriptorWord) {
        space.store64(descriptorOffset(page), word.raw)
    }

    /// Pushes `page` at the front of the doubly-linked page list whose head is the u32
    /// header field at `head` (a partial list or the free-run list).
    private func listPush(_ page: Int, head: Int) {
        let first = space.load32(head)
        let links = descriptorOffset(page) + DescriptorField.next
        space.store64(links, UInt64(first))  // next = first, prev = 0
        if first != 0 { space.store32(descriptorOffset(Int(first)) + DescriptorField.prev, UInt32(page)) }
        space.store32(head, UInt32(page))
    }

    private func listUnlink(_ page: Int, head: Int) {
        let links = descriptorOffset(page) + DescriptorField.next
        let both = space.load64(links)
        let next = UInt32(truncatingIfNeeded: both)
        let prev = UInt32(truncatingIfNeeded: both &>> 32)
        if prev != 0 {
            space.store32(descriptorOffset(Int(prev)) + DescriptorField.next, next)
        } else {
            space.store32(head, next)
        }
        if next != 0 { space.store32(descriptorOffset(Int(next)) + DescriptorField.prev, prev) }
        space.store64(links, 0)
    }

    // MARK: - Header fields

    @inline(__always) func headerInt(_ field: Int) -> Int {
        Int(truncatingIfNeeded: space.load64(field))
    }

    @inline(__always) func addToHeader(_ field: Int, _ delta: Int) {
        space.store64(field, space.load64(field) &+ UInt64(bitPattern: Int64(delta)))
    }
}

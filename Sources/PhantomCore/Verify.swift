// Verify.swift — the consistency checker of the object space (PhantomCore, object layer).
//
// `verify()` walks the whole space and checks every invariant that Heap.swift (layout,
// allocator) and RefCount.swift (counting, collector) promise, recounting references
// from scratch. It is for tests and debugging: it reads every page (faulting them all
// in after a recovery) and builds host-side tables as large as the space. It never
// writes to the space.
//
// Order of the walk: header; descriptors run by run (building a page map, so that
// offsets are resolved against what the walk saw and never against stale descriptors
// inside free runs); the free-run and partial lists; objects and their references;
// refcounts; the candidate buffer; statistics.

extension Heap {
    /// Checks every invariant of the space. `externalRefs` lists the counts held by host
    /// code (one entry per count). Returns [] when clean, else one line per problem,
    /// naming the offset or page, at most `Verifier.problemLimit` of them.
    ///
    /// `progress` counts pages, twice: the descriptor walk, then the objects (by the
    /// page each one starts in); `total` is twice the pages of the space.
    public func verify(externalRefs: [Ref] = [], progress: ProgressHook? = nil) -> [String] {
        flushFreedBoxes()
        var verifier = Verifier(heap: self)
        verifier.meter = ProgressMeter(progress, total: 2 * space.pageCount)
        verifier.run(externalRefs: externalRefs)
        verifier.meter.finish()
        return verifier.report()
    }
}

extension Heap {
    /// Every live object with its size in bytes (header included), in address order,
    /// found by the same descriptor walk as `verify`; for inspection tools. Empty if the
    /// space header is damaged.
    public func census() -> [(object: Ref, bytes: Int)] {
        flushFreedBoxes()
        var walker = Verifier(heap: self)
        guard walker.checkHeader() else { return [] }
        walker.walkPages()
        return walker.objectOffset.map { offset in
            let object = Ref(raw: UInt64(offset))
            return (object, ObjectHeader.size + byteCount(object))
        }
    }
}

/// Host-side state of one verify() pass: a page map, an object table and the problems.
struct Verifier {
    /// Past this many problems the rest are only counted: a badly damaged space would
    /// otherwise produce one line per object.
    static let problemLimit = 200

    /// What the descriptor walk found a page to be.
    enum Role: UInt8 {
        case unknown, metadata, freeHead, freeInterior, slab, largeHead, largeContinuation
    }

    let heap: Heap
    let space: Space
    var problems: [String] = []
    var suppressed = 0

    /// Per page: its role, and for slab and large-head pages the index of its first
    /// entry in `blockObject`.
    var role: [Role]
    var firstBlock: [Int]
    /// Per slab block (and per large object): index into the object table, or -1.
    var blockObject: [Int] = []
    /// The object table, in address order.
    var objectOffset: [Int] = []
    var objectWord: [UInt32] = []
    var references: [Int] = []
    /// Free-run heads and slab pages seen on their lists (for "exactly once").
    var onList: [Bool]
    var freeRunPages = 0
    var slabPages = 0
    var largePages = 0
    var liveBytes = 0
    /// Pages walked, then pages whose objects are checked (`verify`'s progress).
    var meter = ProgressMeter(nil)

    init(heap: Heap) {
        self.heap = heap
        space = heap.space
        role = Array(repeating: .unknown, count: space.pageCount)
        firstBlock = Array(repeating: -1, count: space.pageCount)
        onList = Array(repeating: false, count: space.pageCount)
    }

    mutating func problem(_ text: String) {
        if problems.count < Verifier.problemLimit { problems.append(text) } else { suppressed += 1 }
    }

    func report() -> [String] {
        suppressed == 0 ? problems : problems + ["… and \(suppressed) more problems"]
    }

    mutating func run(externalRefs: [Ref]) {
        guard checkHeader() else { return }
        walkPages()
        checkFreeRunList()
        for sizeClass in 0..<Heap.blockSizes.count { checkPartialList(sizeClass) }
        checkObjects()
        countReference(Ref(raw: space.load64(HeaderField.root)), from: "header root")
        countReference(Ref(raw: space.load64(HeaderField.candidates)), from: "header candidate buffer")
        for external in externalRefs {
            if external.isReserved {
                problem("external reference \(external): reserved tag")
            } else {
                countReference(external, from: "external reference")
            }
        }
        checkCounts()
        checkCandidates()
        checkStats()
    }

    // MARK: - Header

    /// False if the header is too damaged for the rest of the walk to mean anything.
    mutating func checkHeader() -> Bool {
        if space.pageCount == 0 {
            problem("space has no pages")
            return false
        }
        let before = problems.count
        if space.load64(HeaderField.magic) != HeaderField.magicValue { problem("header 0x0: bad magic") }
        if space.load64(HeaderField.probe) != HeaderField.probeValue {
            problem("header \(hex(HeaderField.probe)): bad probe word")
        }
        if space.load32(HeaderField.version) != HeaderField.currentVersion {
            problem("header \(hex(HeaderField.version)): version \(space.load32(HeaderField.version))")
        }
        if space.load32(HeaderField.pageSize) != UInt32(Space.pageSize) {
            problem("header \(hex(HeaderField.pageSize)): page size \(space.load32(HeaderField.pageSize))")
        }
        if space.load32(HeaderField.sizeClassCount) != UInt32(Heap.blockSizes.count) {
            problem("header \(hex(HeaderField.sizeClassCount)): size class count")
        }
        let capacity = heap.headerInt(HeaderField.capacity)
        if capacity < heap.capacityPages || space.load32(HeaderField.descriptorFirst) != 1
            || Int(space.load32(HeaderField.descriptorPages)) != heap.descriptorPages
        {
            problem("header: capacity \(capacity) and descriptor table disagree with the attached heap")
        }
        if space.pageCount < heap.firstDataPage || space.pageCount > heap.capacityPages {
            problem("space has \(space.pageCount) pages, outside \(heap.firstDataPage)...\(heap.capacityPages)")
        }
        guard problems.count == before else { return false }
        for page in 0..<heap.firstDataPage {
            role[page] = .metadata
            if heap.loadWord0(page) != .run(.metadata) {
                problem("page \(hex(page)): metadata page without a metadata descriptor")
            }
        }
        return true
    }

    // MARK: - Pages

    /// Walks the data pages run by run: every page from the first data page to the end
    /// belongs to exactly one free run, slab page or large run.
    mutating func walkPages() {
        var page = heap.firstDataPage
        var previousWasFree = false
        while page < space.pageCount {
            meter.advance(to: page)
            let word0 = heap.loadWord0(page)
            let kind = word0.kind
            let length = word0.runLength
            switch kind {
            case PageKind.freeHead.rawValue:
                if previousWasFree { problem("page \(hex(page)): free run not coalesced with the run before it") }
                page = walkFreeRun(page, length: length)
                previousWasFree = true
                continue
            case PageKind.slab.rawValue:
                walkSlab(page, word0: word0)
                page += 1
            case PageKind.largeHead.rawValue:
                page = walkLargeRun(page, length: length)
            default:
                problem("page \(hex(page)): descriptor kind \(kind) where a run must start")
                page += 1
            }
            previousWasFree = false
        }
    }

    mutating func walkFreeRun(_ page: Int, length: Int) -> Int {
        guard length >= 1, page + length <= space.pageCount else {
            problem("page \(hex(page)): free run of \(length) pages does not fit the space")
            role[page] = .freeHead
            return page + 1
        }
        if length > 1 {
            let last = page + length - 1
            let tail = heap.loadWord0(last)
            let head = Int(space.load32(heap.descriptorOffset(last) + DescriptorField.head))
            if tail.kind != PageKind.freeTail.rawValue || tail.runLength != length
                || head != page
            {
                problem("page \(hex(last)): tail of the free run at page \(hex(page)) does not match its head")
            }
        }
        role[page] = .freeHead
        for interior in (page + 1)..<(page + length) { role[interior] = .freeInterior }
        freeRunPages += length
        return page + length
    }

    mutating func walkSlab(_ page: Int, word0: DescriptorWord) {
        role[page] = .slab
        slabPages += 1
        let sizeClass = word0.sizeClass
        let used = word0.used
        let bump = word0.bump
        guard sizeClass < Heap.blockSizes.count else {
            problem("page \(hex(page)): slab with size class \(sizeClass)")
            return
        }
        let size = Heap.blockSizes[sizeClass]
        let perPage = Heap.blocksPerPage(sizeClass: sizeClass)
        guard bump <= perPage else {
            problem("page \(hex(page)): slab bump \(bump) beyond \(perPage) blocks")
            return
        }
        let base = page << Space.pageShift
        // Free list: indices in range, no loop, every block flagged FREE.
        var isFree = Array(repeating: false, count: perPage)
        var freeCount = 0
        var link = word0.firstFree
        while link != 0 {
            let index = link - 1
            guard index < bump else {
                problem("page \(hex(page)): free list names block \(index), not below bump \(bump)")
                break
            }
            guard !isFree[index] else {
                problem("page \(hex(page)): free list loops at block \(index)")
                break
            }
            isFree[index] = true
            freeCount += 1
            let block = base + index * size
            if space.load32(block + ObjectHeader.countAndFlags) != ObjectHeader.free {
                problem("block at \(hex(block)): on the free list but not flagged FREE")
            }
            link = Int(space.load32(block + ObjectHeader.payloadSize))
        }
        if used != bump - freeCount {
            problem("page \(hex(page)): used \(used) but bump \(bump) minus \(freeCount) free blocks")
        }
        if used == 0 { problem("page \(hex(page)): empty slab page not returned to the page pool") }
        firstBlock[page] = blockObject.count
        for index in 0..<perPage {
            let block = base + index * size
            guard index < bump && !isFree[index] else {
                blockObject.append(-1)
                continue
            }
            let word = space.load32(block + ObjectHeader.countAndFlags)
            let payload = Int(space.load32(block + ObjectHeader.payloadSize))
            if word & ObjectHeader.free != 0 {
                problem("block at \(hex(block)): flagged FREE but not on its page's free list")
                blockObject.append(-1)
                continue
            }
            if ObjectHeader.size + payload > size {
                problem("object at \(hex(block)): \(payload) payload bytes overflow its \(size)-byte block")
                blockObject.append(-1)
                continue
            }
            if Heap.sizeClass(forBlock: ObjectHeader.size + payload) != sizeClass {
                problem("object at \(hex(block)): \(payload) payload bytes in a block of the wrong size class")
            }
            blockObject.append(addObject(block, word: word, payload: payload))
        }
    }

    mutating func walkLargeRun(_ page: Int, length: Int) -> Int {
        role[page] = .largeHead
        guard length >= 1, page + length <= space.pageCount else {
            problem("page \(hex(page)): large run of \(length) pages does not fit the space")
            return page + 1
        }
        for continuation in (page + 1)..<(page + length) {
            role[continuation] = .largeContinuation
            let word0 = heap.loadWord0(continuation)
            let head = Int(space.load32(heap.descriptorOffset(continuation) + DescriptorField.head))
            if word0.kind != PageKind.largeContinuation.rawValue || head != page {
                problem("page \(hex(continuation)): not a continuation of the large run at page \(hex(page))")
            }
        }
        largePages += length
        let offset = page << Space.pageShift
        let word = space.load32(offset + ObjectHeader.countAndFlags)
        let payload = Int(space.load32(offset + ObjectHeader.payloadSize))
        let total = ObjectHeader.size + payload
        firstBlock[page] = blockObject.count
        if word & ObjectHeader.free != 0 || total <= Heap.largestBlock
            || (total + Space.pageSize - 1) >> Space.pageShift != length
        {
            problem("object at \(hex(offset)): \(payload) payload bytes do not match a large run of \(length) pages")
            blockObject.append(-1)
        } else {
            blockObject.append(addObject(offset, word: word, payload: payload))
        }
        return page + length
    }

    mutating func addObject(_ offset: Int, word: UInt32, payload: Int) -> Int {
        objectOffset.append(offset)
        objectWord.append(word)
        references.append(0)
        liveBytes += ObjectHeader.size + payload
        return objectOffset.count - 1
    }

    // MARK: - Lists

    mutating func checkFreeRunList() {
        var page = Int(space.load32(HeaderField.freeRuns))
        var previous = 0
        while page != 0 {
            guard page < space.pageCount, role[page] == .freeHead else {
                problem("free-run list: page \(hex(page)) is not the head of a free run")
                return
            }
            guard !onList[page] else {
                problem("free-run list: loops at page \(hex(page))")
                return
            }
            onList[page] = true
            let links = heap.descriptorOffset(page) + DescriptorField.next
            if Int(space.load32(links + 4)) != previous {
                problem("page \(hex(page)): free-run list prev link is not page \(hex(previous))")
            }
            previous = page
            page = Int(space.load32(links))
        }
        for page in heap.firstDataPage..<space.pageCount where role[page] == .freeHead && !onList[page] {
            problem("page \(hex(page)): free run missing from the free-run list")
        }
    }

    mutating func checkPartialList(_ sizeClass: Int) {
        var page = heap.partialHead(sizeClass)
        var previous = 0
        let perPage = Heap.blocksPerPage(sizeClass: sizeClass)
        while page != 0 {
            guard page < space.pageCount, role[page] == .slab, heap.loadWord0(page).sizeClass == sizeClass else {
                problem("partial list of class \(sizeClass): page \(hex(page)) is not a slab page of that class")
                return
            }
            guard !onList[page] else {
                problem("partial list of class \(sizeClass): loops at page \(hex(page))")
                return
            }
            onList[page] = true
            if heap.loadWord0(page).used >= perPage {
                problem("page \(hex(page)): full slab page on the partial list")
            }
            let links = heap.descriptorOffset(page) + DescriptorField.next
            if Int(space.load32(links + 4)) != previous {
                problem("page \(hex(page)): partial list prev link is not page \(hex(previous))")
            }
            previous = page
            page = Int(space.load32(links))
        }
        for page in heap.firstDataPage..<space.pageCount where role[page] == .slab && !onList[page] {
            let word0 = heap.loadWord0(page)
            if word0.sizeClass == sizeClass && word0.used < perPage {
                problem("page \(hex(page)): slab page with free blocks missing from its partial list")
            }
        }
    }

    // MARK: - Objects

    /// The object-table index of the object starting exactly at `offset`, or nil.
    func resolve(_ offset: Int) -> Int? {
        let page = offset >> Space.pageShift
        guard page < space.pageCount else { return nil }
        let inPage = offset & (Space.pageSize - 1)
        switch role[page] {
        case .slab:
            let sizeClass = heap.loadWord0(page).sizeClass
            guard sizeClass < Heap.blockSizes.count, firstBlock[page] >= 0 else { return nil }
            let size = Heap.blockSizes[sizeClass]
            guard inPage % size == 0, inPage / size < Heap.blocksPerPage(sizeClass: sizeClass) else { return nil }
            let object = blockObject[firstBlock[page] + inPage / size]
            return object >= 0 ? object : nil
        case .largeHead:
            guard inPage == 0 else { return nil }
            let object = blockObject[firstBlock[page]]
            return object >= 0 ? object : nil
        default:
            return nil
        }
    }

    /// Checks flags and every reference word of every object, counting references.
    mutating func checkObjects() {
        for index in 0..<objectOffset.count {
            let offset = objectOffset[index]
            meter.advance(to: space.pageCount + (offset >> Space.pageShift))
            let word = objectWord[index]
            let color = word & ObjectHeader.colorMask
            if word & ObjectHeader.reserved != 0 { problem("object at \(hex(offset)): reserved flag bits set") }
            if color == ObjectHeader.gray || color == ObjectHeader.white {
                problem("object at \(hex(offset)): gray or white outside a collection")
            }
            if color == ObjectHeader.purple && word & ObjectHeader.buffered == 0 {
                problem("object at \(hex(offset)): purple but not buffered")
            }
            if word & ObjectHeader.buffered != 0 && word & ObjectHeader.refs == 0 {
                problem("object at \(hex(offset)): raw object in the candidate buffer")
            }
            if word & ObjectHeader.countMask == 0 && word & ObjectHeader.buffered == 0 {
                problem("object at \(hex(offset)): refcount 0 but not freed")
            }
            let cls = Ref(raw: space.load64(offset + ObjectHeader.classWord))
            if !cls.isNull && !(cls.isObject && resolve(cls.offset) != nil) {
                problem("object at \(hex(offset)): class word \(cls) is not null or a live object")
            }
            guard word & ObjectHeader.refs != 0 else { continue }
            let payload = Int(space.load32(offset + ObjectHeader.payloadSize))
            if payload % 8 != 0 { problem("object at \(hex(offset)): slot payload of \(payload) bytes") }
            let zombie = word & ObjectHeader.countMask == 0
            for slot in 0..<(payload / 8) {
                let value = Ref(raw: space.load64(offset + ObjectHeader.size + slot * 8))
                if zombie && value.isObject {
                    // Its children were released when it died, so a reference left in a
                    // slot is uncounted and would dangle.
                    problem("object at \(hex(offset)): refcount 0 (a zombie) but slot \(slot) holds \(value)")
                } else if value.isReserved {
                    problem("object at \(hex(offset)): slot \(slot) holds reserved tag \(hex(value.raw))")
                } else {
                    countReference(value, from: "object at \(hex(offset)) slot \(slot)")
                }
            }
        }
    }

    /// Counts one counted reference; reports it if it does not name a live object start.
    mutating func countReference(_ value: Ref, from place: @autoclosure () -> String) {
        guard value.isObject else { return }
        if let object = resolve(value.offset) {
            references[object] += 1
        } else {
            problem("\(place()): dangling reference to \(hex(value.offset))")
        }
    }

    mutating func checkCounts() {
        for index in 0..<objectOffset.count {
            let count = Int(objectWord[index] & ObjectHeader.countMask)
            // A saturated count has lost track; any number of references is consistent.
            if count != Heap.maxRefCount && count != references[index] {
                problem("object at \(hex(objectOffset[index])): refcount \(count) but \(references[index]) references")
            }
        }
    }

    // MARK: - Collector state

    mutating func checkCandidates() {
        let count = heap.candidateCount
        let bufferRef = Ref(raw: space.load64(HeaderField.candidates))
        var seen = Array(repeating: false, count: objectOffset.count)
        if bufferRef.isNull {
            if count != 0 { problem("header: \(count) candidates but no candidate buffer") }
        } else if !bufferRef.isObject {
            problem("header: candidate buffer word \(bufferRef) is not an object")
            return
        } else if let buffer = resolve(bufferRef.offset) {
            let offset = objectOffset[buffer]
            let capacity = Int(space.load32(offset + ObjectHeader.payloadSize)) / 8
            if objectWord[buffer] & ObjectHeader.refs != 0 {
                problem("candidate buffer at \(hex(offset)): not a raw object")
            }
            if count == 0 || count > capacity {
                problem("candidate buffer at \(hex(offset)): \(count) candidates for capacity \(capacity)")
            } else {
                for entry in 0..<count {
                    let candidate = Int(truncatingIfNeeded: space.load64(offset + ObjectHeader.size + entry * 8))
                    guard let object = resolve(candidate) else {
                        problem("candidate buffer entry \(entry): \(hex(candidate)) is not a live object")
                        continue
                    }
                    if objectWord[object] & ObjectHeader.buffered == 0 {
                        problem("object at \(hex(candidate)): in the candidate buffer but not flagged BUFFERED")
                    }
                    if seen[object] { problem("object at \(hex(candidate)): in the candidate buffer twice") }
                    seen[object] = true
                }
            }
        }
        for index in 0..<objectOffset.count where objectWord[index] & ObjectHeader.buffered != 0 && !seen[index] {
            problem("object at \(hex(objectOffset[index])): flagged BUFFERED but not in the candidate buffer")
        }
    }

    mutating func checkStats() {
        let stats = heap.stats
        if stats.liveObjects != objectOffset.count {
            problem("header: liveObjects \(stats.liveObjects) but \(objectOffset.count) objects")
        }
        if stats.liveBytes != liveBytes { problem("header: liveBytes \(stats.liveBytes) but \(liveBytes) counted") }
        if stats.slabPages != slabPages { problem("header: slabPages \(stats.slabPages) but \(slabPages) counted") }
        if stats.largePages != largePages {
            problem("header: largePages \(stats.largePages) but \(largePages) counted")
        }
        if stats.freePages != freeRunPages {
            problem("header: freePages \(stats.freePages) but \(freeRunPages) in free runs")
        }
    }
}

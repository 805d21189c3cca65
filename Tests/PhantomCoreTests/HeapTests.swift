// HeapTests.swift — tests of the object layer of the space (Heap.swift, RefCount.swift,
// Verify.swift): reference encoding, allocation of every size class and of page runs,
// reuse and coalescing, running out of space, a seeded random workload, refcount
// saturation, re-attaching a copied space, and that verify() really finds damage.
// The cycle collector has its own file, CycleCollectorTests.swift.

@testable import PhantomCore
import Testing

/// A freshly formatted heap over its own memory.
private func makeHeap(capacityPages: Int = 1 << 14) throws -> Heap {
    try Heap(formatting: Space(capacityPages: capacityPages))
}

/// Helpers shared by the heap and cycle collector tests.
enum HeapTestSupport {
    /// A second space with the same pages, as recovery from an image would produce.
    static func copy(of original: Space) throws -> Space {
        let copy = Space(capacityPages: original.capacityPages)
        try copy.grow(to: original.pageCount)
        for page in 0..<original.pageCount {
            copy.pagePointer(page).copyMemory(from: original.pagePointer(page), byteCount: Space.pageSize)
        }
        return copy
    }
}

@Suite struct HeapTests {
    // MARK: - Encoding and format

    @Test func referenceWordEncoding() {
        #expect(Ref.null.isNull && !Ref.null.isInt && !Ref.null.isObject && !Ref.null.isReserved)
        for value in [0, 1, -1, 42, -42, 1 << 40, Ref.intMax, Ref.intMin] {
            let r = Ref(int: value)
            #expect(r.isInt && !r.isObject && !r.isNull && !r.isReserved)
            #expect(r.intValue == value)
        }
        #expect(Ref(int: -1).raw == UInt64.max)
        let object = Ref(offset: 0x12340)
        #expect(object.isObject && !object.isInt && object.offset == 0x12340 && object.raw == 0x12340)
        for raw: UInt64 in [2, 4, 6, 0x12342, 0x12344, 0x12346] {
            #expect(Ref(raw: raw).isReserved && !Ref(raw: raw).isObject && !Ref(raw: raw).isInt)
        }
    }

    @Test func formattedSpaceIsCleanAndEmpty() throws {
        let heap = try makeHeap(capacityPages: 1000)
        #expect(heap.verify() == [])
        let stats = heap.stats
        // 1000 descriptors of 16 bytes need 4 pages, after the header page.
        #expect(stats == HeapStats(
            liveObjects: 0, liveBytes: 0, slabPages: 0, largePages: 0, freePages: 0, pageCount: 5))
        #expect(heap.root == .null)
        #expect(heap.candidateCount == 0)
    }

    @Test func formatThrowsWhenCapacityCannotHoldMetadata() {
        // Even one page of capacity needs a descriptor page after the header page.
        #expect(throws: SpaceError.outOfSpace(capacityPages: 1)) { try Heap(formatting: Space(capacityPages: 1)) }
    }

    // MARK: - Allocation

    @Test func everySizeClassAllocatesFillsAndFrees() throws {
        let heap = try makeHeap()
        let start = heap.stats
        for size in Heap.blockSizes {
            let payload = size - 16
            let perPage = Space.pageSize / size
            // One more than a page holds, so the class needs a second page.
            var objects: [Ref] = []
            for i in 0...perPage {
                let object = payload % 8 == 0 && i % 2 == 0
                    ? try heap.allocate(slots: payload / 8) : try heap.allocate(bytes: payload)
                #expect(object.offset % 16 == 0)
                #expect(heap.byteCount(object) == payload)
                #expect(heap.refCount(object) == 1)
                objects.append(object)
            }
            #expect(heap.stats.slabPages == start.slabPages + 2, "block size \(size)")
            for object in objects where heap.hasSlots(object) {
                #expect(heap.slotCount(object) == payload / 8)
                for slot in 0..<heap.slotCount(object) {
                    #expect(heap.load(object, slot: slot) == .null)
                    heap.store(object, slot: slot, Ref(int: slot * 3 - 7))
                }
                for slot in 0..<heap.slotCount(object) {
                    #expect(heap.load(object, slot: slot) == Ref(int: slot * 3 - 7))
                }
            }
            for object in objects where !heap.hasSlots(object) && payload > 0 {
                #expect(heap.loadByte(object, at: payload - 1) == 0)
                heap.storeByte(object, at: payload - 1, 0xA5)
                #expect(heap.loadByte(object, at: payload - 1) == 0xA5)
            }
            #expect(heap.verify(externalRefs: objects) == [], "block size \(size)")
            for object in objects { heap.release(object) }
            #expect(heap.verify() == [])
            let after = heap.stats
            #expect(after.liveObjects == start.liveObjects && after.liveBytes == start.liveBytes)
            #expect(after.slabPages == start.slabPages, "emptied slab pages go back to the pool")
        }
    }

    /// A one-word raw object is written without a zeroing pass: a block freed with other
    /// bytes in it comes back holding exactly the new word, flagged as asked.
    @Test func wordObjectsHoldTheirWord() throws {
        let heap = try makeHeap()
        let old = try heap.allocate(bytes: 8)
        [UInt8](repeating: 0xAB, count: 8).withUnsafeBytes { heap.storeBytes(old, at: 0, from: $0) }
        heap.release(old)
        let box = try heap.allocate(word: 0x0123_4567_89AB_CDEF, class: .null, immutable: true)
        #expect(box == old)  // the same block, reused
        #expect(heap.byteCount(box) == 8 && heap.isImmutable(box) && heap.refCount(box) == 1)
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { heap.loadBytes(box, at: 0, into: $0) }
        #expect(word == 0x0123_4567_89AB_CDEF)
        let plain = try heap.allocate(word: 7, class: .null, immutable: false)
        #expect(!heap.isImmutable(plain))
        heap.release(box)
        heap.release(plain)
        #expect(heap.verify() == [] && heap.stats.liveObjects == 0)
    }

    /// With `keepsFreedBoxes` (the VM's setting), a freed box stays allocated and
    /// counted live for the next box; a cut, `verify`, `stats` or turning it off give
    /// the kept ones back, so no snapshot or check ever sees one.
    @Test func freedBoxesAreKeptUntilACut() throws {
        let heap = try makeHeap()
        heap.keepsFreedBoxes = true
        let live = { heap.headerInt(HeaderField.liveObjects) }
        let first = try heap.allocate(word: 1, class: .null, immutable: true)
        let text = try heap.allocate(bytes: 8)  // a raw 8-byte object is kept as well
        heap.release(first)
        heap.release(text)
        #expect(live() == 2)
        let second = try heap.allocate(word: 2, class: .null, immutable: false)
        #expect(second == text && live() == 2)  // the last one kept, taken back as it is
        #expect(!heap.isImmutable(second) && heap.refCount(second) == 1 && heap.byteCount(second) == 8)
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { heap.loadBytes(second, at: 0, into: $0) }
        #expect(word == 2)
        // Slot objects and other sizes go back to the allocator at once.
        let slots = try heap.allocate(slots: 1)
        heap.release(slots)
        #expect(live() == 2)
        // A cut gives the kept box back before it takes the dirty set.
        heap.space.beginCut()
        heap.space.endCapture()
        #expect(live() == 1)
        heap.release(second)
        #expect(live() == 1)
        #expect(heap.verify() == [] && live() == 0)
        // At most freedBoxLimit are kept; turning it off frees them.
        let boxes = try (0..<(Heap.freedBoxLimit + 5)).map { try heap.allocate(word: UInt64($0), class: .null, immutable: true) }
        for box in boxes { heap.release(box) }
        #expect(live() == Heap.freedBoxLimit)
        heap.keepsFreedBoxes = false
        #expect(live() == 0 && heap.verify() == [])
    }

    @Test func largeObjectsTakePageRuns() throws {
        let heap = try makeHeap()
        for bytes in [2033, 4080, 4081, 10_000, 100_000, 1 << 20] {
            let object = try heap.allocate(bytes: bytes)
            let pages = (16 + bytes + 4095) / 4096
            #expect(heap.stats.largePages == pages, "\(bytes) bytes")
            #expect(heap.byteCount(object) == bytes && object.offset % 4096 == 0)
            #expect(heap.loadByte(object, at: 0) == 0 && heap.loadByte(object, at: bytes - 1) == 0)
            let pattern = (0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            pattern.withUnsafeBytes { heap.storeBytes(object, at: 0, from: $0) }
            var back = [UInt8](repeating: 0, count: bytes)
            back.withUnsafeMutableBytes { heap.loadBytes(object, at: 0, into: $0) }
            #expect(back == pattern)
            #expect(heap.verify(externalRefs: [object]) == [])
            heap.release(object)
            #expect(heap.stats.largePages == 0 && heap.stats.liveObjects == 0)
            #expect(heap.verify() == [])
        }
        let slots = try heap.allocate(slots: 1000)  // 8016 bytes: a 2-page slot object
        #expect(heap.stats.largePages == 2 && heap.slotCount(slots) == 1000)
        heap.store(slots, slot: 999, slots)
        #expect(heap.load(slots, slot: 999) == slots && heap.refCount(slots) == 2)
        heap.store(slots, slot: 999, .null)  // count 2 -> 1: now a cycle candidate
        heap.release(slots)
        #expect(heap.stats.largePages == 2, "a buffered candidate is left for the collector")
        #expect(heap.verify() == [])
        heap.collectCycles()
        #expect(heap.verify() == [] && heap.stats.largePages == 0 && heap.stats.slabPages == 0)
    }

    @Test func freedMemoryIsReused() throws {
        let heap = try makeHeap()
        var objects = try (0..<2000).map { _ in try heap.allocate(slots: 3) }
        let big = try heap.allocate(bytes: 5 * 4096)
        let full = heap.stats
        for object in objects { heap.release(object) }
        heap.release(big)
        #expect(heap.stats.liveObjects == 0 && heap.stats.slabPages == 0)
        objects = try (0..<2000).map { _ in try heap.allocate(slots: 3) }
        let again = try heap.allocate(bytes: 5 * 4096)
        #expect(heap.stats == full, "the same workload fits in the same pages")
        #expect(heap.verify(externalRefs: objects + [again]) == [])
        // Slot-by-slot reuse: a freed block is the next one handed out.
        let victim = objects[1234]
        heap.release(victim)
        let reused = try heap.allocate(slots: 3)
        #expect(reused == victim && heap.load(reused, slot: 2) == .null)
        objects[1234] = reused
        for object in objects { heap.release(object) }
        heap.release(again)
        #expect(heap.verify() == [])
    }

    @Test func freeRunsCoalesce() throws {
        let heap = try makeHeap()
        let a = try heap.allocate(bytes: 2 * 4096 - 16)
        let b = try heap.allocate(bytes: 3 * 4096 - 16)
        let c = try heap.allocate(bytes: 2 * 4096 - 16)
        let guardObject = try heap.allocate(bytes: 4096 - 16)  // keeps the runs off the end of the space
        #expect(b.offset == a.offset + 2 * 4096 && c.offset == b.offset + 3 * 4096)
        let pages = heap.stats.pageCount
        heap.release(a)
        heap.release(c)
        #expect(heap.stats.freePages == 4)
        #expect(heap.verify(externalRefs: [b, guardObject]) == [])
        heap.release(b)  // joins both neighbours: one run of 7 pages
        #expect(heap.stats.freePages == 7)
        #expect(heap.verify(externalRefs: [guardObject]) == [])
        let seven = try heap.allocate(bytes: 7 * 4096 - 16)
        #expect(heap.stats.pageCount == pages, "only a coalesced run holds 7 pages")
        #expect(seven == a && heap.stats.freePages == 0)
        // A free run at the end of the space is extended rather than skipped.
        heap.release(guardObject)
        let ten = try heap.allocate(bytes: 10 * 4096 - 16)
        #expect(ten.offset == guardObject.offset && heap.stats.pageCount == pages + 9)
        heap.release(ten)
        heap.release(seven)
        #expect(heap.stats.freePages == 17)
        #expect(heap.verify() == [])
    }

    @Test func slabPagesComeFromFreeRunsAndReturnToThem() throws {
        let heap = try makeHeap()
        let big = try heap.allocate(bytes: 8 * 4096 - 16)
        let pages = heap.stats.pageCount
        heap.release(big)
        // Eight size classes, one page each, all carved out of the freed run.
        let small = try (0..<8).map { try heap.allocate(slots: $0 * 2) }
        #expect(heap.stats.pageCount == pages && heap.stats.slabPages == 8 && heap.stats.freePages == 0)
        #expect(heap.verify(externalRefs: small) == [])
        for object in small { heap.release(object) }
        #expect(heap.stats.slabPages == 0 && heap.stats.freePages == 8)
        #expect(heap.verify() == [])
    }

    @Test func allocationDirtiesFewPages() throws {
        let heap = try makeHeap()
        var keep = try (0..<100).map { _ in try heap.allocate(slots: 2) }
        heap.space.takeDirty().deallocate()
        let object = try heap.allocate(bytes: 8)  // raw: never a cycle candidate
        var dirty = heap.space.takeDirty()
        // The object's page, its descriptor page, the header page.
        #expect(dirty.count <= 3)
        dirty.deallocate()
        heap.store(keep[0], slot: 0, object)
        heap.release(object)
        dirty = heap.space.takeDirty()
        #expect(dirty.count <= 2, "a store dirties the slot's page and the stored object's page")
        dirty.deallocate()
        heap.store(keep[0], slot: 0, .null)  // frees object
        dirty = heap.space.takeDirty()
        #expect(dirty.count <= 3)
        dirty.deallocate()
        keep.append(try heap.allocate(bytes: 3))
        for object in keep { heap.release(object) }
        #expect(heap.verify() == [])
    }

    // MARK: - Limits

    @Test func growthToCapacityThrowsAndStaysClean() throws {
        let heap = try makeHeap(capacityPages: 64)  // pages 0 and 1 are metadata
        var held: [Ref] = []
        var thrown: SpaceError?
        do {
            while true { held.append(try heap.allocate(bytes: 3000)) }
        } catch {
            thrown = error
        }
        #expect(thrown == .outOfSpace(capacityPages: 64))
        #expect(held.count == 62 && heap.stats.pageCount == 64)
        #expect(heap.verify(externalRefs: held) == [])
        // Small objects cannot get a slab page either; a huge request fails up front.
        #expect(throws: SpaceError.outOfSpace(capacityPages: 64)) { try heap.allocate(slots: 1) }
        heap.release(held.removeLast())
        #expect(throws: SpaceError.outOfSpace(capacityPages: 64)) { try heap.allocate(bytes: 2 * 4096) }
        #expect(heap.verify(externalRefs: held) == [])
        // The one free page becomes a slab page.
        let small = try (0..<100).map { _ in try heap.allocate(slots: 1) }
        #expect(heap.verify(externalRefs: held + small) == [])
        for object in held + small { heap.release(object) }
        #expect(heap.verify() == [] && heap.stats.liveObjects == 0 && heap.stats.freePages == 62)
        let whole = try heap.allocate(bytes: 62 * 4096 - 16)
        #expect(heap.stats.largePages == 62)
        heap.release(whole)
        #expect(heap.verify() == [])
    }

    @Test func allocationCollectsCyclesBeforeGivingUp() throws {
        let heap = try makeHeap(capacityPages: 64)
        heap.cycleCollectionThreshold = 0
        // 30 garbage 2-cycles of one-page objects; the candidate buffer takes a slab
        // page, so of the 62 data pages one is left.
        for _ in 0..<30 {
            let a = try heap.allocate(slots: 400)
            let b = try heap.allocate(slots: 400)
            heap.store(a, slot: 0, b)
            heap.store(b, slot: 0, a)
            heap.release(a)
            heap.release(b)
        }
        #expect(heap.candidateCount == 60 && heap.stats.liveObjects == 61 && heap.stats.pageCount == 63)
        // Allocating now fails, collects, and succeeds.
        let object = try heap.allocate(bytes: 40 * 4096)
        #expect(heap.stats.liveObjects == 1 && heap.candidateCount == 0)
        #expect(heap.verify(externalRefs: [object]) == [])
        heap.release(object)
        #expect(heap.verify() == [])
    }

    @Test func refCountSaturates() throws {
        let heap = try makeHeap()
        let object = try heap.allocate(slots: 1)
        let other = try heap.allocate(bytes: 8)
        heap.store(object, slot: 0, other)
        heap.release(other)
        for _ in 1..<Heap.maxRefCount { heap.retain(object) }
        #expect(heap.refCount(object) == Heap.maxRefCount)
        heap.retain(object)
        #expect(heap.refCount(object) == Heap.maxRefCount, "saturated counts do not move up")
        for _ in 0..<10 { heap.release(object) }
        #expect(heap.refCount(object) == Heap.maxRefCount, "nor down")
        #expect(heap.verify(externalRefs: [object]) == [])
        // Saturated objects are never freed by counting, so the child stays alive too.
        heap.release(object)
        #expect(heap.stats.liveObjects == 2 && heap.refCount(other) == 1)
        heap.collectCycles()
        #expect(heap.stats.liveObjects == 2)
        #expect(heap.verify() == [])
    }

    // MARK: - Random workload

    /// 10⁵ seeded operations over a pool of host-held references; verify() and the
    /// contents of held raw objects are checked every 10⁴ operations.
    @Test func randomWorkloadStaysConsistent() throws {
        let heap = try makeHeap(capacityPages: 1 << 15)
        heap.cycleCollectionThreshold = 5000
        var random = SeededRandom(seed: 0x5EED_0001)
        var held: [Ref] = []          // one entry per count we own
        var stamps: [Ref: UInt8] = [:]  // raw object -> the byte every payload byte holds
        for step in 1...100_000 {
            if step % 10_000 == 0 {
                #expect(heap.verify(externalRefs: held) == [], "step \(step)")
                for object in held {
                    guard let stamp = stamps[object] else { continue }
                    let n = heap.byteCount(object)
                    #expect(heap.loadByte(object, at: 0) == stamp && heap.loadByte(object, at: n - 1) == stamp)
                }
            }
            // Alternate 25 000-step stretches of growth and shrinkage, so the population
            // climbs to thousands of objects and falls back to almost none.
            let growing = (step / 25_000) % 2 == 0
            let allocateBelow = growing ? 35 : 10
            let releaseFrom = growing ? 77 : 47
            let choice = random.below(100)
            if choice < allocateBelow || held.isEmpty {
                let object: Ref
                switch random.below(20) {
                case 0: object = try heap.allocate(bytes: 2000 + random.below(9000))
                case 1...6:
                    object = try heap.allocate(bytes: random.below(300))
                default: object = try heap.allocate(slots: random.below(9))
                }
                stamps[object] = nil  // a reused offset
                if !heap.hasSlots(object) && heap.byteCount(object) > 0 {
                    let stamp = UInt8(truncatingIfNeeded: step) | 1
                    let bytes = [UInt8](repeating: stamp, count: heap.byteCount(object))
                    bytes.withUnsafeBytes { heap.storeBytes(object, at: 0, from: $0) }
                    stamps[object] = stamp
                }
                held.append(object)
            } else if choice < allocateBelow + 8 {
                // Take a counted reference to something found through a slot.
                let source = held[random.below(held.count)]
                guard heap.slotCount(source) > 0 else { continue }
                let value = heap.load(source, slot: random.below(heap.slotCount(source)))
                if value.isObject {
                    heap.retain(value)
                    held.append(value)
                }
            } else if choice < releaseFrom {
                // Store a held object, an int or null into a slot of a held object.
                let target = held[random.below(held.count)]
                guard heap.slotCount(target) > 0 else { continue }
                let value: Ref
                switch random.below(10) {
                case 0: value = .null
                case 1: value = Ref(int: random.below(1000) - 500)
                default: value = held[random.below(held.count)]
                }
                heap.store(target, slot: random.below(heap.slotCount(target)), value)
            } else if choice < 97 {
                let index = random.below(held.count)
                heap.release(held[index])
                held.swapAt(index, held.count - 1)
                held.removeLast()
            } else if choice < 99 {
                heap.root = random.below(4) == 0 ? .null : held[random.below(held.count)]
            } else {
                heap.collectCycles()
            }
        }
        for object in held { heap.release(object) }
        heap.root = .null
        heap.collectCycles()
        #expect(heap.verify() == [])
        let stats = heap.stats
        #expect(stats.liveObjects == 0 && stats.slabPages == 0 && stats.largePages == 0)
        #expect(stats.freePages == stats.pageCount - (1 + (1 << 15) / 256))
    }

    // MARK: - Attach

    @Test func reattachedCopyHasTheSameContents() throws {
        let heap = try makeHeap()
        let top = try heap.allocate(slots: 6)
        heap.root = top
        heap.release(top)
        let text = try heap.allocate(bytes: 11)
        Array("hello space".utf8).withUnsafeBytes { heap.storeBytes(text, at: 0, from: $0) }
        heap.store(top, slot: 0, text)
        heap.release(text)
        heap.store(top, slot: 1, Ref(int: -12345))
        // A live ring of three, reachable only through the root.
        let ring = try (0..<3).map { _ in try heap.allocate(slots: 1) }
        for i in 0..<3 { heap.store(ring[i], slot: 0, ring[(i + 1) % 3]) }
        heap.store(top, slot: 2, ring[0])
        for node in ring { heap.release(node) }
        let big = try heap.allocate(bytes: 50_000)
        heap.storeByte(big, at: 49_999, 7)
        heap.store(top, slot: 3, big)
        heap.release(big)
        // Garbage, freed or pending in the candidate buffer, must not disturb the copy.
        for _ in 0..<100 { heap.release(try heap.allocate(slots: 2)) }
        let pair = try heap.allocate(slots: 1)
        heap.store(pair, slot: 0, pair)
        heap.release(pair)
        #expect(heap.candidateCount > 0)
        #expect(heap.verify() == [])

        let copy = try Heap(attaching: try HeapTestSupport.copy(of: heap.space))
        #expect(copy.verify() == [])
        #expect(copy.stats == heap.stats && copy.candidateCount == heap.candidateCount)
        let top2 = copy.root
        #expect(top2 == top && copy.slotCount(top2) == 6)
        var bytes = [UInt8](repeating: 0, count: 11)
        bytes.withUnsafeMutableBytes { copy.loadBytes(copy.load(top2, slot: 0), at: 0, into: $0) }
        #expect(String(decoding: bytes, as: UTF8.self) == "hello space")
        #expect(copy.load(top2, slot: 1) == Ref(int: -12345))
        let ring0 = copy.load(top2, slot: 2)
        #expect(copy.load(copy.load(copy.load(ring0, slot: 0), slot: 0), slot: 0) == ring0)
        #expect(copy.loadByte(copy.load(top2, slot: 3), at: 49_999) == 7)
        // The copy is a working heap: collect its pending cycle, allocate, drop everything.
        copy.collectCycles()
        #expect(copy.stats.liveObjects == heap.stats.liveObjects - 1 - 1)  // the pair and the buffer
        let extra = try copy.allocate(slots: 1)
        copy.store(top2, slot: 5, extra)
        copy.release(extra)
        #expect(copy.verify() == [])
        copy.root = .null
        copy.collectCycles()
        #expect(copy.verify() == [] && copy.stats.liveObjects == 0)
        // The original did not change.
        #expect(heap.verify() == [] && heap.loadByte(big, at: 49_999) == 7)
    }

    @Test func attachingGarbageFails() throws {
        #expect(throws: HeapError.empty) { try Heap(attaching: Space(capacityPages: 16)) }

        let junk = Space(capacityPages: 16)
        try junk.grow(to: 4)
        var random = SeededRandom(seed: 99)
        for offset in stride(from: 0, to: 4 * 4096, by: 8) { junk.store64(offset, random.next()) }
        #expect(throws: HeapError.self) { try Heap(attaching: junk) }
        do {
            _ = try Heap(attaching: junk)
        } catch {
            #expect(error.description.contains("PHSPACE1"))
        }

        let heap = try makeHeap(capacityPages: 64)
        func attachDamaged(_ damage: (Space) -> Void) throws -> HeapError? {
            let space = try HeapTestSupport.copy(of: heap.space)
            damage(space)
            do {
                _ = try Heap(attaching: space)
                return nil
            } catch {
                return error
            }
        }
        #expect(try attachDamaged { _ in } == nil)
        #expect(try attachDamaged { $0.store32(8, 2) } == .unsupportedVersion(2))
        #expect(try attachDamaged { $0.store64(16, 0x0807_0605_0403_0201) } == .badProbe(found: 0x0807_0605_0403_0201))
        #expect(try attachDamaged { $0.store32(12, 8192) } == .wrongPageSize(8192))
        #expect(try attachDamaged { $0.store32(68, 20) } == .sizeClassMismatch(found: 20))
        #expect(try attachDamaged { $0.store64(24, 1 << 20) }
            == .badDescriptorTable(firstPage: 1, pages: 1, capacityPages: 1 << 20))
        let short = try attachDamaged { $0.store64(24, 1) }
        #expect(short == .pageCountOutOfRange(pageCount: 2, minimum: 2, maximum: 1))
        #expect(short?.description.contains("2 pages") == true)
    }

    // MARK: - verify() finds damage

    @Test func verifyReportsDamage() throws {
        let heap = try makeHeap()
        let a = try heap.allocate(slots: 2)
        let b = try heap.allocate(slots: 2)
        heap.store(a, slot: 0, b)
        #expect(heap.verify(externalRefs: [a, b]) == [])
        // Forgetting a host count is a refcount mismatch, named by offset.
        let expected = "object at 0x\(String(b.offset, radix: 16)): refcount 2 but 1 references"
        #expect(heap.verify(externalRefs: [a]) == [expected])

        let space = heap.space
        let slot1 = a.offset + 16 + 8
        space.store64(slot1, b.raw + 16)  // inside b / the next block: not an object start
        #expect(heap.verify(externalRefs: [a, b]).contains { $0.contains("dangling reference") })
        space.store64(slot1, 0x1002)  // a reserved tag
        #expect(heap.verify(externalRefs: [a, b]).contains { $0.contains("reserved tag") })
        space.store64(slot1, 0)
        #expect(heap.verify(externalRefs: [a, b]) == [])

        let flags = a.offset + 12
        let word = space.load32(flags)
        space.store32(flags, word | 1 << 28)  // gray
        #expect(heap.verify(externalRefs: [a, b]).contains { $0.contains("gray or white") })
        space.store32(flags, word | 3 << 27)  // purple, not buffered
        #expect(heap.verify(externalRefs: [a, b]).contains { $0.contains("purple but not buffered") })
        space.store32(flags, word)

        let liveObjects = 72
        space.store64(liveObjects, 5)
        #expect(heap.verify(externalRefs: [a, b]).contains { $0.contains("liveObjects 5") })
        space.store64(liveObjects, 2)

        // Break the free-block list of a's slab page: point it at a live block.
        let descriptor = 4096 + (a.offset >> 12) * 16
        heap.release(try heap.allocate(slots: 2))  // a free block on the page's list
        let saved = space.load16(descriptor + 4)
        space.store16(descriptor + 4, 1)  // block 0 is a, which is live
        #expect(heap.verify(externalRefs: [a, b]).contains { $0.contains("on the free list but not flagged FREE") })
        space.store16(descriptor + 4, saved)
        #expect(heap.verify(externalRefs: [a, b]) == [])

        // Two adjacent free runs (not coalesced) and a free run missing from its list.
        let big = try heap.allocate(bytes: 4 * 4096)
        let after = try heap.allocate(bytes: 4096)
        heap.release(big)
        let run = big.offset >> 12
        space.store64(4096 + (run + 2) * 16, 1 | 2 << 32)  // split the 5-page run into 2 + 2 + ...
        space.store64(4096 + run * 16, 1 | 2 << 32)
        let problems = heap.verify(externalRefs: [a, b, after])
        #expect(problems.contains { $0.contains("not coalesced") })
        #expect(problems.contains { $0.contains("missing from the free-run list") })
    }
}

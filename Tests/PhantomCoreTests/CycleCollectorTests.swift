// CycleCollectorTests.swift — tests of the cycle collector (RefCount.swift) over the
// object layer (Heap.swift): a million objects in garbage cycles of many shapes come
// back, live cycles stay, deep structures need no deep stack, zombies and the
// candidate buffer behave, and the buffer survives a re-attach.

import PhantomCore
import Testing

/// Builds object graphs of one shape each. Every builder hands back the objects it made
/// and the host counts it still holds, so a test decides whether to keep or drop them.
private struct Shapes {
    let heap: Heap

    /// Drops every host count in `held`.
    func drop(_ held: [Ref]) {
        for object in held { heap.release(object) }
    }

    /// A ring of `count` one-slot nodes; returns the first node (held).
    func ring(_ count: Int) throws -> Ref {
        let first = try heap.allocate(slots: 1)
        var previous = first
        for _ in 1..<max(count, 1) {
            let node = try heap.allocate(slots: 1)
            heap.store(previous, slot: 0, node)
            if previous != first { heap.release(previous) }
            previous = node
        }
        heap.store(previous, slot: 0, first)
        if previous != first { heap.release(previous) }
        return first
    }

    /// A doubly-linked list (slot 0 next, slot 1 prev, slot 2 a raw payload); the head (held).
    func doublyLinkedList(_ count: Int) throws -> Ref {
        let head = try heap.allocate(slots: 3)
        var previous = head
        for index in 1..<max(count, 1) {
            let node = try heap.allocate(slots: 3)
            heap.store(previous, slot: 0, node)
            heap.store(node, slot: 1, previous)
            if index % 4 == 0 {
                let bytes = try heap.allocate(bytes: 24)
                heap.store(node, slot: 2, bytes)
                heap.release(bytes)
            }
            if previous != head { heap.release(previous) }
            previous = node
        }
        if previous != head { heap.release(previous) }
        return head
    }

    /// A binary tree of `count` nodes (slots: left, right, root); every node points back
    /// at the root. Returns the root (held); objects made = count.
    func treeWithBackPointers(_ count: Int) throws -> Ref {
        var nodes: [Ref] = []
        nodes.reserveCapacity(count)
        for index in 0..<count {
            let node = try heap.allocate(slots: 3)
            nodes.append(node)
            if index > 0 { heap.store(nodes[(index - 1) / 2], slot: (index - 1) % 2, node) }
            heap.store(node, slot: 2, nodes[0])
        }
        drop(Array(nodes.dropFirst()))
        return nodes[0]
    }

    /// `count` nodes, each with a slot for every node (itself included). Returns one (held).
    func clique(_ count: Int) throws -> Ref {
        let nodes = try (0..<count).map { _ in try heap.allocate(slots: count) }
        for from in nodes {
            for (slot, to) in nodes.enumerated() { heap.store(from, slot: slot, to) }
        }
        drop(Array(nodes.dropFirst()))
        return nodes[0]
    }

    /// An acyclic chain of `count` nodes; node i's slot 1 holds a 3-ring. Returns the
    /// chain head (held); objects made = 4 × count.
    func cyclesHangingOffAChain(_ count: Int) throws -> Ref {
        let head = try heap.allocate(slots: 2)
        var previous = head
        for index in 0..<count {
            let cycle = try ring(3)
            heap.store(previous, slot: 1, cycle)
            heap.release(cycle)
            if index == count - 1 { break }
            let node = try heap.allocate(slots: 2)
            heap.store(previous, slot: 0, node)
            if previous != head { heap.release(previous) }
            previous = node
        }
        if previous != head { heap.release(previous) }
        return head
    }

    /// A ring of `count` nodes, each carrying an acyclic tail: a two-node chain ending in
    /// a raw object. Returns a ring node (held); objects made = 4 × count.
    func chainsHangingOffARing(_ count: Int) throws -> Ref {
        let first = try heap.allocate(slots: 2)
        var previous = first
        for index in 0..<count {
            let a = try heap.allocate(slots: 1)
            let b = try heap.allocate(slots: 1)
            let leaf = try heap.allocate(bytes: 40)
            heap.store(previous, slot: 1, a)
            heap.store(a, slot: 0, b)
            heap.store(b, slot: 0, leaf)
            drop([a, b, leaf])
            let next = index == count - 1 ? first : try heap.allocate(slots: 2)
            heap.store(previous, slot: 0, next)
            if previous != first { heap.release(previous) }
            previous = next
        }
        return first
    }
}

@Suite struct CycleCollectorTests {
    /// A root structure that must survive everything: a holder with a live 3-ring, a raw
    /// object and an int.
    private func installLiveRoot(_ heap: Heap, _ shapes: Shapes) throws {
        let holder = try heap.allocate(slots: 3)
        heap.root = holder
        heap.release(holder)
        let cycle = try shapes.ring(3)
        heap.store(holder, slot: 0, cycle)
        heap.release(cycle)
        let bytes = try heap.allocate(bytes: 100)
        heap.storeByte(bytes, at: 99, 42)
        heap.store(holder, slot: 1, bytes)
        heap.release(bytes)
        heap.store(holder, slot: 2, Ref(int: 7))
    }

    private func rootIsIntact(_ heap: Heap) -> Bool {
        let holder = heap.root
        let cycle = heap.load(holder, slot: 0)
        return heap.load(heap.load(heap.load(cycle, slot: 0), slot: 0), slot: 0) == cycle
            && heap.loadByte(heap.load(holder, slot: 1), at: 99) == 42
            && heap.load(holder, slot: 2) == Ref(int: 7)
    }

    /// 10⁶ objects in garbage cycles of every shape; after each phase the collector must
    /// bring the space back exactly to where it started. Exactly, with no slack: the
    /// candidate buffer is freed when a collection empties it, and a slab page that
    /// empties goes back to the pool, so the pages in use return to their start value.
    @Test func millionObjectsInDroppedCyclesAreReclaimed() throws {
        let heap = try Heap(formatting: Space(capacityPages: 1 << 15))
        let shapes = Shapes(heap: heap)
        var random = SeededRandom(seed: 0xC0FFEE)  // shape sizes replay exactly
        try installLiveRoot(heap, shapes)
        heap.collectCycles()
        let start = heap.stats
        #expect(heap.verify() == [])

        var made = 0
        func phase(_ name: String, objects: Int, _ build: () throws -> Int) throws {
            var count = 0
            while count < objects { count += try build() }
            made += count
            heap.collectCycles()
            let stats = heap.stats
            #expect(stats.liveObjects == start.liveObjects && stats.liveBytes == start.liveBytes, "\(name): \(stats)")
            #expect(stats.slabPages == start.slabPages && stats.largePages == start.largePages, "\(name): \(stats)")
            #expect(heap.candidateCount == 0)
            #expect(heap.verify() == [], "\(name)")
            #expect(rootIsIntact(heap), "\(name)")
        }
        /// A phase of shapes made by `build` in sizes drawn from `sizes`; one of size n
        /// is `objectsPerShape(n)` objects.
        func phase(
            _ name: String, objects: Int, sizes: ClosedRange<Int>, _ build: (Int) throws -> Ref,
            objectsPerShape: (Int) -> Int = { $0 }
        ) throws {
            try phase(name, objects: objects) {
                let size = Int.random(in: sizes, using: &random)
                heap.release(try build(size))
                return objectsPerShape(size)
            }
        }

        try phase("self-loops", objects: 100_000) {
            let node = try heap.allocate(slots: 1)
            heap.store(node, slot: 0, node)
            heap.release(node)
            return 1
        }
        try phase("2-cycles", objects: 100_000) {
            let node = try shapes.ring(2)
            heap.release(node)
            return 2
        }
        try phase("rings of 3...1000", objects: 200_000, sizes: 3...1000, shapes.ring)
        try phase("doubly-linked lists", objects: 150_000, sizes: 2...2000, shapes.doublyLinkedList) {
            $0 + ($0 - 1) / 4  // every fourth node after the head carries a raw object
        }
        try phase("trees with back-pointers", objects: 100_000, sizes: 1...500, shapes.treeWithBackPointers)
        try phase("cliques", objects: 50_000, sizes: 2...30, shapes.clique)
        try phase("one ring of 10^5", objects: 100_000) {
            heap.release(try shapes.ring(100_000))
            return 100_000
        }
        try phase("cycles off acyclic chains", objects: 100_000, sizes: 1...300, shapes.cyclesHangingOffAChain) {
            4 * $0
        }
        try phase("acyclic chains off rings", objects: 100_000, sizes: 1...300, shapes.chainsHangingOffARing) {
            4 * $0
        }
        #expect(made >= 1_000_000)
    }

    @Test func liveCyclesReachableFromTheRootSurvive() throws {
        let heap = try Heap(formatting: Space(capacityPages: 1 << 12))
        let shapes = Shapes(heap: heap)
        let baseline = heap.stats
        let holder = try heap.allocate(slots: 5)
        heap.root = holder
        heap.release(holder)
        let parts = [
            try shapes.ring(1000), try shapes.clique(10), try shapes.doublyLinkedList(100),
            try shapes.treeWithBackPointers(50), try shapes.chainsHangingOffARing(20),
        ]
        for (slot, part) in parts.enumerated() { heap.store(holder, slot: slot, part) }
        shapes.drop(parts)
        let live = heap.stats.liveObjects
        #expect(heap.candidateCount > 1000, "every node whose host count went is a candidate")
        heap.collectCycles()
        // Only the candidate buffer went away.
        #expect(heap.stats.liveObjects == live - 1 && heap.candidateCount == 0)
        #expect(heap.verify() == [])
        var node = heap.load(holder, slot: 0)
        for _ in 0..<1000 { node = heap.load(node, slot: 0) }
        #expect(node == heap.load(holder, slot: 0), "the ring is whole")
        // Cut one part loose: exactly its objects go.
        heap.store(holder, slot: 0, .null)
        heap.collectCycles()
        #expect(heap.stats.liveObjects == live - 1 - 1000)
        #expect(heap.verify() == [])
        heap.root = .null
        heap.collectCycles()
        let end = heap.stats
        #expect(end.liveObjects == baseline.liveObjects && end.liveBytes == baseline.liveBytes)
        #expect(end.slabPages == 0 && end.largePages == 0 && end.freePages == end.pageCount - baseline.pageCount)
        #expect(heap.verify() == [])
    }

    /// A 10⁶-node chain and a 10⁶-node ring: freeing by count and all three collector
    /// phases walk them with host worklists, so none of this needs a deep native stack.
    @Test func deepStructuresNeedNoDeepStack() throws {
        let heap = try Heap(formatting: Space(capacityPages: 1 << 15))
        heap.cycleCollectionThreshold = 0  // one collection over all 10⁶ candidates
        let shapes = Shapes(heap: heap)
        let start = heap.stats
        let head = try heap.allocate(slots: 1)
        var previous = head
        for _ in 1..<1_000_000 {
            let node = try heap.allocate(slots: 1)
            heap.store(previous, slot: 0, node)
            if previous != head { heap.release(previous) }
            previous = node
        }
        if previous != head { heap.release(previous) }
        heap.collectCycles()  // MarkGray and ScanBlack over the whole live chain
        #expect(heap.stats.liveObjects == start.liveObjects + 1_000_000 && heap.candidateCount == 0)
        heap.release(head)  // the whole chain dies by counting, no collection needed
        #expect(heap.stats == HeapStats(
            liveObjects: start.liveObjects, liveBytes: start.liveBytes, slabPages: 0, largePages: 0,
            freePages: heap.stats.pageCount - start.pageCount, pageCount: heap.stats.pageCount))
        heap.release(try shapes.ring(1_000_000))
        heap.collectCycles()
        #expect(heap.stats.liveObjects == start.liveObjects && heap.stats.slabPages == 0)
        #expect(heap.verify() == [])
    }

    @Test func buffersOnlySlotObjectsAndFreesZombies() throws {
        let heap = try Heap(formatting: Space(capacityPages: 256))
        let raw = try heap.allocate(bytes: 16)
        heap.retain(raw)
        heap.release(raw)
        #expect(heap.candidateCount == 0, "a raw object cannot be on a cycle")
        heap.release(raw)

        // a -> b; both candidates; a's count then reaches zero while buffered.
        let a = try heap.allocate(slots: 1)
        let b = try heap.allocate(slots: 1)
        heap.store(a, slot: 0, b)
        heap.release(b)
        heap.retain(a)
        heap.release(a)
        #expect(heap.candidateCount == 2)
        heap.release(a)
        // Zombies: still allocated, count 0, slots emptied, children released.
        #expect(heap.stats.liveObjects == 3 && heap.refCount(a) == 0 && heap.refCount(b) == 0)
        #expect(heap.load(a, slot: 0) == .null)
        #expect(heap.verify() == [])
        heap.collectCycles()
        #expect(heap.stats.liveObjects == 0 && heap.stats.slabPages == 0)
        #expect(heap.verify() == [])
    }

    @Test func automaticCollectionBoundsTheBuffer() throws {
        let heap = try Heap(formatting: Space(capacityPages: 1 << 12))
        heap.cycleCollectionThreshold = 1000
        let shapes = Shapes(heap: heap)
        var largest = 0
        for _ in 0..<20_000 {
            heap.release(try shapes.ring(2))
            largest = max(largest, heap.candidateCount)
        }
        // A 2-ring adds at most two candidates after the allocation that may collect.
        #expect(largest <= 1000 + 2 && largest >= 1000)
        #expect(heap.stats.liveObjects <= 2 * 1002 + 1)
        heap.collectCycles()
        #expect(heap.stats.liveObjects == 0 && heap.verify() == [])
    }

    @Test func candidateBufferSurvivesReattach() throws {
        let heap = try Heap(formatting: Space(capacityPages: 1 << 12))
        heap.cycleCollectionThreshold = 0
        let shapes = Shapes(heap: heap)
        for size in 1...200 { heap.release(try shapes.ring(size)) }
        #expect(heap.candidateCount == 200 * 201 / 2 && heap.stats.liveObjects == 200 * 201 / 2 + 1)

        let copy = try Heap(attaching: try HeapTestSupport.copy(of: heap.space))
        #expect(copy.verify() == [] && copy.candidateCount == heap.candidateCount)
        copy.collectCycles()
        #expect(copy.stats.liveObjects == 0 && copy.stats.slabPages == 0 && copy.stats.largePages == 0)
        #expect(copy.verify() == [])
    }
}

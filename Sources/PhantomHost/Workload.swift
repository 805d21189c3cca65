// Workload.swift — a deterministic workload that mutates a heap the way programs do
// (PhantomHost): used by `phantom stress` (the kill test's child), tests and benchmarks.

import PhantomCore

/// Mutates a heap with a seeded mix of allocations, links, cycles, drops, raw data and
/// cycle collections. All objects hang off a table in the heap's root, so the heap holds
/// every object the workload can reach and nothing is kept in host memory between steps.
public struct HeapWorkload {
    public static let tableSlots = 64
    public let heap: Heap
    private var random: SeededRandom

    /// Attaches to `heap`, creating the root table if the heap has none.
    public init(heap: Heap, seed: UInt64) throws(SpaceError) {
        self.heap = heap
        random = SeededRandom(seed: seed)
        if heap.root.isNull {
            let table = try heap.allocate(slots: Self.tableSlots)
            heap.root = table
            heap.release(table)
        }
    }

    /// Performs `count` random mutations. Throws only when the space is full.
    public mutating func run(steps count: Int) throws(SpaceError) {
        let table = heap.root
        for _ in 0..<count {
            let slot = random.below(Self.tableSlots)
            switch random.below(100) {
            case 0..<30:  // a new node with links, hung into the table or under another node
                let node = try heap.allocate(slots: 1 + random.below(6))
                heap.store(node, slot: 0, Ref(int: random.below(1_000_000)))
                if let parent = pick(), heap.slotCount(parent) > 1, random.chance(percent: 50) {
                    heap.store(parent, slot: 1 + random.below(heap.slotCount(parent) - 1), node)
                } else {
                    heap.store(table, slot: slot, node)
                }
                heap.release(node)
            case 30..<45:  // a link between two reachable nodes: makes cycles and shared nodes
                if let from = pick(), let to = pick(), heap.slotCount(from) > 1 {
                    heap.store(from, slot: 1 + random.below(heap.slotCount(from) - 1), to)
                }
            case 45..<60:  // drop a subtree (frees it, or leaves a cycle for the collector)
                heap.store(table, slot: slot, .null)
            case 60..<75:  // raw data
                let bytes = try heap.allocate(bytes: 1 + random.below(random.chance(percent: 10) ? 9000 : 200))
                let n = heap.byteCount(bytes)
                for _ in 0..<min(n, 16) { heap.storeByte(bytes, at: random.below(n), UInt8(truncatingIfNeeded: random.next())) }
                if let parent = pick(), heap.slotCount(parent) > 1 {
                    heap.store(parent, slot: 1 + random.below(heap.slotCount(parent) - 1), bytes)
                } else {
                    heap.store(table, slot: slot, bytes)
                }
                heap.release(bytes)
            case 75..<98:  // update a counter in a node
                if let node = pick() {
                    let old = heap.load(node, slot: 0)
                    heap.store(node, slot: 0, Ref(int: (old.isInt ? old.intValue : 0) &+ 1))
                }
            default:
                heap.collectCycles()
            }
        }
    }

    /// A random object with slots reachable from the table (a short random walk), or nil.
    private mutating func pick() -> Ref? {
        var current = heap.load(heap.root, slot: random.below(Self.tableSlots))
        guard current.isObject, heap.hasSlots(current) else { return nil }
        for _ in 0..<random.below(4) {
            let count = heap.slotCount(current)
            guard count > 1 else { break }
            let next = heap.load(current, slot: 1 + random.below(count - 1))
            guard next.isObject, heap.hasSlots(next) else { break }
            current = next
        }
        return current
    }
}

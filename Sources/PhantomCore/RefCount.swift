// RefCount.swift — reference counting and the cycle collector of the object space
// (PhantomCore, object layer; allocation and layout are in Heap.swift, the checker
// that tests these invariants is Verify.swift, the layout is Docs/ObjectLayout.md).
//
// Counting frees most garbage the moment its last reference goes. Garbage cycles are
// found by synchronous trial deletion (Bacon & Rajan, "Concurrent Cycle Collection in
// Reference Counted Systems", ECOOP 2001, the synchronous variant): a slot object whose
// count drops but stays above zero might now be the entry to a dead cycle, so it is
// remembered as a candidate; `collectCycles` subtracts the counts contributed by
// references inside the subgraph reachable from the candidates, and whatever ends at
// zero is referenced only from inside that subgraph, which makes it garbage.
//
// Invariants (verify() checks 1, 3–6 and 8; the others are properties of this code):
//  1. Every live, unsaturated object's refcount equals the number of counted references
//     to it: object words in slots of live slot objects, the header's root and
//     candidate-buffer words, and one per reference held by host code. Class words and
//     candidate-buffer entries are not counted.
//  2. A count that reaches 0xFFFFFF is saturated and never changes again; counting never
//     frees that object. Only a full trace from the roots could reclaim it, and none
//     exists yet. Trial deletion skips saturated counts both ways, so it stays balanced.
//  3. Outside `collectCycles` every object is black or purple; gray and white exist
//     only while a collection runs, and a collection runs whole between safepoints, so
//     the candidate buffer is the only collector state that must persist.
//  4. Purple implies BUFFERED. Only slot objects are ever purple or BUFFERED: a raw
//     object has no outgoing references, so it cannot be on a cycle.
//  5. BUFFERED holds exactly when the object's offset is among the first
//     `candidateCount` entries of the buffer, and then it is there once.
//  6. A BUFFERED object is freed only by the collector. If its count reaches zero it
//     stays allocated as a black "zombie" with refcount 0 and no object references
//     left in its slots (its children were released then); MarkRoots frees it.
//  7. An unbuffered object whose count reaches zero is freed by `release` at once,
//     after releasing its children, through an explicit worklist.
//  8. The candidate buffer reference is null exactly when `candidateCount` is 0. The
//     buffer is a raw object holding u64 object offsets; the header owns its one count.
//  9. If the buffer cannot grow (space full) the candidate is left black and unbuffered
//     and `droppedCandidates` counts it: a cycle through it may leak until a full trace.
// 10. Nothing here recurses: freeing and the three collector phases keep their work in
//     host arrays used as stacks, so a chain or cycle of any length is safe.
//
// Trigger: `collectCycles()` when the user asks; and `allocate` runs it first when
// `cycleCollectionThreshold` candidates are buffered (and at least half as many as the
// last collection traced objects, so tracing stays proportional to releases when the
// candidates lead into a large live structure), and once more before reporting that
// the space is full.

extension Heap {
    /// Entries of a new candidate buffer: 16 + 62 × 8 = 512 bytes fills its block; each
    /// growth doubles the block (capacity 2n + 2), so no size class is partly wasted.
    static let initialCandidateCapacity = 62

    /// Buffered cycle candidates (persisted in the header).
    public var candidateCount: Int { headerInt(HeaderField.candidateCount) }

    /// Candidates that could not be buffered because the space was full (invariant 9).
    public var droppedCandidates: Int { headerInt(HeaderField.droppedCandidates) }

    // MARK: - Counting

    /// Adds one count. Ints and null are ignored; a saturated count stays saturated.
    @inline(__always) public func retain(_ r: Ref) {
        guard r.isObject else { return }
        let at = r.offset + ObjectHeader.countAndFlags
        let word = space.load32(at)
        let count = word & ObjectHeader.countMask
        if count == ObjectHeader.saturated { return }
        precondition(count != 0, "retain of a freed object")
        // An object that just gained a reference is live: black, so the next MarkRoots
        // drops it from the buffer instead of tracing from it (invariant 3).
        space.store32(at, (word & ~ObjectHeader.colorMask) + 1)
    }

    /// Gives up one count. At zero the object is freed (unless buffered, invariant 6)
    /// and its children released in turn; otherwise a slot object becomes a candidate.
    @inline(__always) public func release(_ r: Ref) {
        guard r.isObject else { return }
        releaseObject(r.offset)
    }

    /// `release` of an object (its tag already checked), out of line.
    @inline(never) func releaseObject(_ offset: Int) {
        if decrement(offset) { freeGarbage(offset) }
    }

    /// Drops one count; true if it reached zero (the object is then black with its
    /// children still counted, and the caller must finish it).
    @inline(__always) func decrement(_ offset: Int) -> Bool {
        let at = offset + ObjectHeader.countAndFlags
        let word = space.load32(at)
        let count = word & ObjectHeader.countMask
        if count == ObjectHeader.saturated { return false }
        precondition(count != 0, "release of a freed object")
        if count == 1 {
            space.store32(at, word & ~(ObjectHeader.countMask | ObjectHeader.colorMask))
            return true
        }
        var new = word - 1
        if word & ObjectHeader.refs != 0 && word & ObjectHeader.colorMask != ObjectHeader.purple {
            // PossibleRoot: the count fell but not to zero, so this may now head a dead cycle.
            if word & ObjectHeader.buffered != 0 {
                new = new & ~ObjectHeader.colorMask | ObjectHeader.purple
            } else if appendCandidate(offset) {
                new = new & ~ObjectHeader.colorMask | ObjectHeader.purple | ObjectHeader.buffered
            }
        }
        space.store32(at, new)
        return false
    }

    /// Frees `first` (count already zero) and everything that dies with it, one object at
    /// a time from a host worklist: a 10⁶-long chain needs no deeper stack than one.
    func freeGarbage(_ first: Int) {
        var pending: [Int] = []
        var offset = first
        while true {
            let info = headerInfo(offset)
            let zombie = info.flags & ObjectHeader.buffered != 0
            if info.flags & ObjectHeader.refs != 0 {
                var at = offset + ObjectHeader.size
                let end = at + info.payload
                while at < end {
                    let child = space.load64(at)
                    if child != 0 && child & 7 == 0 {
                        // A zombie stays allocated: clear the slot, its count is given back now.
                        if zombie { space.store64(at, 0) }
                        let target = Int(truncatingIfNeeded: child)
                        if decrement(target) { pending.append(target) }
                    }
                    at += 8
                }
            }
            if !zombie { freeObject(offset, info) }
            guard let next = pending.popLast() else { return }
            offset = next
        }
    }

    // MARK: - Candidate buffer

    /// Appends a candidate, growing the buffer by reallocation; false if it could not grow.
    private func appendCandidate(_ offset: Int) -> Bool {
        let count = candidateCount
        var buffer = Int(truncatingIfNeeded: space.load64(HeaderField.candidates))
        let capacity = buffer == 0 ? 0 : Int(space.load32(buffer + ObjectHeader.payloadSize)) / 8
        if count == capacity {
            guard let bigger = growCandidateBuffer(buffer, count: count) else {
                addToHeader(HeaderField.droppedCandidates, 1)
                return false
            }
            buffer = bigger
        }
        space.store64(buffer + ObjectHeader.size + count * 8, UInt64(offset))
        space.store64(HeaderField.candidateCount, UInt64(count + 1))
        return true
    }

    /// A buffer of twice the block size holding the old entries; the old one is freed.
    private func growCandidateBuffer(_ old: Int, count: Int) -> Int? {
        let capacity = old == 0 ? Heap.initialCandidateCapacity : count * 2 + 2
        let new: Int
        do {
            new = try newObject(payload: capacity * 8, flags: 0, class: .null)
        } catch {
            return nil
        }
        if count > 0 { copyWithinSpace(from: old + ObjectHeader.size, to: new + ObjectHeader.size, bytes: count * 8) }
        space.store64(HeaderField.candidates, UInt64(new))
        if old != 0 { freeObject(old) }
        return new
    }

    /// Copies bytes between two places of the space through a host bounce buffer, so the
    /// barrier sees every page on both sides.
    private func copyWithinSpace(from source: Int, to target: Int, bytes: Int) {
        let chunk = Space.pageSize
        let bounce = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { bounce.deallocate() }
        var done = 0
        while done < bytes {
            let n = min(chunk, bytes - done)
            space.loadBytes(source + done, into: bounce, count: n)
            space.storeBytes(target + done, from: bounce, count: n)
            done += n
        }
    }

    // MARK: - Cycle collection

    /// Synchronous trial deletion over the buffered candidates. Afterwards the buffer is
    /// empty (and freed) and every object is black.
    public func collectCycles() {
        let buffer = Int(truncatingIfNeeded: space.load64(HeaderField.candidates))
        guard buffer != 0 else { return }
        let count = candidateCount
        var roots: [Int] = []
        var stack: [Int] = []
        var blackStack: [Int] = []
        var traced = 0
        // MarkRoots: trace from candidates still purple; drop the rest from the buffer,
        // freeing the zombies among them (invariant 6).
        for index in 0..<count {
            let candidate = Int(truncatingIfNeeded: space.load64(buffer + ObjectHeader.size + index * 8))
            let at = candidate + ObjectHeader.countAndFlags
            let word = space.load32(at)
            if word & ObjectHeader.colorMask == ObjectHeader.purple && word & ObjectHeader.countMask != 0 {
                roots.append(candidate)
                traced &+= markGray(candidate, &stack)
            } else {
                space.store32(at, word & ~ObjectHeader.buffered)
                if word & (ObjectHeader.colorMask | ObjectHeader.countMask) == 0 { freeObject(candidate) }
            }
        }
        // ScanRoots: whatever an outside reference still keeps alive turns black again.
        for candidate in roots { scan(candidate, &stack, &blackStack) }
        // CollectRoots: free the white subgraphs. A root still buffered is skipped by the
        // walks from other roots and handled on its own turn.
        for candidate in roots {
            let at = candidate + ObjectHeader.countAndFlags
            space.store32(at, space.load32(at) & ~ObjectHeader.buffered)
            collectWhite(candidate, &stack)
        }
        space.store64(HeaderField.candidates, 0)
        space.store64(HeaderField.candidateCount, 0)
        freeObject(buffer)
        collectionPacing = traced / 2
    }

    /// Colours everything reachable from `root` gray, subtracting one count per edge
    /// seen; returns how many objects turned gray.
    private func markGray(_ root: Int, _ stack: inout [Int]) -> Int {
        let at = root + ObjectHeader.countAndFlags
        let word = space.load32(at)
        space.store32(at, word & ~ObjectHeader.colorMask | ObjectHeader.gray)
        stack.append(root)
        var grayed = 1
        while let object = stack.popLast() {
            forEachChild(of: object) { target in
                let childAt = target + ObjectHeader.countAndFlags
                var childWord = space.load32(childAt)
                if childWord & ObjectHeader.countMask != ObjectHeader.saturated {
                    precondition(childWord & ObjectHeader.countMask != 0, "refcount below its references")
                    childWord -= 1
                }
                if childWord & ObjectHeader.colorMask != ObjectHeader.gray {
                    childWord = childWord & ~ObjectHeader.colorMask | ObjectHeader.gray
                    stack.append(target)
                    grayed &+= 1
                }
                space.store32(childAt, childWord)
            }
        }
        return grayed
    }

    /// Gray objects with a count left are referenced from outside the gray subgraph: they
    /// and all they reach turn black (counts restored); the others turn white.
    private func scan(_ root: Int, _ stack: inout [Int], _ blackStack: inout [Int]) {
        stack.append(root)
        while let object = stack.popLast() {
            let at = object + ObjectHeader.countAndFlags
            let word = space.load32(at)
            guard word & ObjectHeader.colorMask == ObjectHeader.gray else { continue }
            if word & ObjectHeader.countMask != 0 {
                scanBlack(object, word, &blackStack)
                continue
            }
            space.store32(at, word & ~ObjectHeader.colorMask | ObjectHeader.white)
            forEachChild(of: object) { target in
                if space.load32(target + ObjectHeader.countAndFlags) & ObjectHeader.colorMask == ObjectHeader.gray {
                    stack.append(target)
                }
            }
        }
    }

    /// Turns `root` and everything it reaches that is not black yet black, giving back
    /// the count of every edge MarkGray took.
    private func scanBlack(_ root: Int, _ word: UInt32, _ stack: inout [Int]) {
        space.store32(root + ObjectHeader.countAndFlags, word & ~ObjectHeader.colorMask)
        stack.append(root)
        while let object = stack.popLast() {
            forEachChild(of: object) { target in
                let childAt = target + ObjectHeader.countAndFlags
                var childWord = space.load32(childAt)
                if childWord & ObjectHeader.countMask != ObjectHeader.saturated { childWord += 1 }
                if childWord & ObjectHeader.colorMask != ObjectHeader.black {
                    childWord &= ~ObjectHeader.colorMask
                    stack.append(target)
                }
                space.store32(childAt, childWord)
            }
        }
    }

    /// Frees the white subgraph reachable from `root`. No counts change: every edge
    /// out of a white object was already subtracted by MarkGray and never given back.
    private func collectWhite(_ root: Int, _ stack: inout [Int]) {
        let at = root + ObjectHeader.countAndFlags
        let word = space.load32(at)
        guard word & ObjectHeader.colorMask == ObjectHeader.white && word & ObjectHeader.buffered == 0 else { return }
        // Blacken before pushing so that no object is pushed twice; a freed object's
        // header then reads black (or FREE), never white.
        space.store32(at, word & ~ObjectHeader.colorMask)
        stack.append(root)
        while let object = stack.popLast() {
            forEachChild(of: object) { target in
                let childAt = target + ObjectHeader.countAndFlags
                let childWord = space.load32(childAt)
                if childWord & ObjectHeader.colorMask == ObjectHeader.white && childWord & ObjectHeader.buffered == 0 {
                    space.store32(childAt, childWord & ~ObjectHeader.colorMask)
                    stack.append(target)
                }
            }
            freeObject(object)
        }
    }

    /// Calls `body` with the offset of each object that a slot of `object` references
    /// (none for a raw object): the walk over the edges shared by all three phases.
    @inline(__always) private func forEachChild(of object: Int, _ body: (Int) -> Void) {
        let info = headerInfo(object)
        guard info.flags & ObjectHeader.refs != 0 else { return }
        var slot = object + ObjectHeader.size
        let end = slot + info.payload
        while slot < end {
            let child = space.load64(slot)
            slot += 8
            if child != 0 && child & 7 == 0 { body(Int(truncatingIfNeeded: child)) }
        }
    }
}

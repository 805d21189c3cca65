// Snapshot.swift — the snapshot protocol: cut, copy-on-write capture, write, commit,
// and recovery into a space (PhantomCore).
//
// Space.swift has the barrier that calls back into this file; Store.swift owns the
// disk. In hosted mode PhantomHost runs `captureBatch` on the VM thread and the store's
// `write`/`commit` on a background writer thread; on bare metal and in tests one
// thread does both (`snapshot(time:)`).
//
// Invariants (numbered; tests and comments refer to them):
//  S1. `cut()` is called only at a safepoint: no VM instruction is half done, so the
//      space is consistent at the cut.
//  S2. The pages of a snapshot are exactly the pages dirtied since the previous cut:
//      `cut()` swaps the dirty bitmap with the (empty) pending one — O(1), whatever
//      the size of the space or of the dirty set.
//      Every other page is unchanged since the previous snapshot, whose page map the
//      store carries forward.
//  S3. While a page of the cut is still `pending`, nothing stores into it without
//      first copying it: `Space.willWrite` calls `capturePage` (copy-on-write).
//  S4. Every page of the cut is copied exactly once, either by the barrier (S3) or by
//      `captureBatch` (the pump), and that copy — the page as of the cut — is what the
//      store writes.
//  S5. A snapshot commits only after every page of its cut has been written; then the
//      store's commit order (Store.swift, steps 1–4) makes it durable all at once.
//  S6. A failed snapshot (device error, full disk) loses nothing: `abandon()` puts its
//      cut back into the dirty set and the store frees the blocks it took; the last
//      committed snapshot stays the one that boots.
//  S7. After recovery no cut happens before every page of the booted snapshot has been
//      loaded and has passed its checksum. While no new snapshot is committed the
//      fallback snapshot is still on disk, so a damaged page is found while the
//      previous snapshot can still boot.
//  S8. At most one snapshot is in flight.
//
// States and the function that owns each transition:
//   idle --cut()--> capturing --captureBatch() returns nil--> captured
//   captured --commit()--> idle;  capturing/captured --abandon()--> idle

/// Drives snapshots of one space into one store, and loads pages after recovery.
public final class Snapshotter<Device: BlockDevice>: PageFaultHandler {
    public enum Phase: Equatable { case idle, capturing, captured }

    public let space: Space
    public let store: Store<Device>
    /// Pages per batch handed to the store (one device write when blocks are contiguous).
    public let batchPages: Int
    public private(set) var phase: Phase = .idle
    /// Pages of the cut captured so far (all of them once the capture is over).
    public var cutPages: Int { captured.count }
    /// Pages copied by the barrier (copy-on-write) in the snapshot in flight.
    public private(set) var copiedOnWrite = 0

    /// Every page captured in the snapshot in flight, for `abandon()`.
    private var captured: [Int] = []
    private var cursor = 0
    private var cutPageCount = 0
    private var cowBatches: [PageBatch] = []
    private var pool: [PageBatch] = []

    public init(space: Space, store: Store<Device>, batchPages: Int = 256) {
        self.space = space
        self.store = store
        self.batchPages = batchPages
        space.faultHandler = self
    }

    deinit {
        if space.faultHandler === self { space.faultHandler = nil }
        for batch in pool { batch.deallocate() }
        for batch in cowBatches { batch.deallocate() }
    }

    // MARK: - Recovery

    /// Opens the image on `device` and makes `space` (new, empty) the booted snapshot.
    /// Pages load lazily on first touch unless `eager`, which loads and checks all of
    /// them now (then a damaged page makes the previous snapshot boot, S7).
    ///
    /// `progress` hears of eager recovery only, which reads every page twice: once to
    /// check it while choosing the snapshot that boots, once to load it. So its unit is
    /// a page read, and `total` is twice the pages of the snapshot.
    public static func recover(
        device: Device, into space: Space, eager: Bool, progress: ProgressHook? = nil
    ) throws(StoreError) -> Snapshotter {
        var meter = ProgressMeter(eager ? progress : nil, unitsPerPage: 2)
        let store = try Store.open(device, verifyPages: eager, maxPages: Store<Device>.defaultMaxPages, meter: &meter)
        let pages = store.pageCount
        guard pages <= space.capacityPages else { throw .tooLarge(pages: pages, capacity: space.capacityPages) }
        let snapshotter = Snapshotter(space: space, store: store)
        space.beginLazyRecovery(pageCount: pages)
        if eager {
            if progress == nil {
                _ = space.prefetch(maxPages: pages)
            } else {
                // Slices of 16 faults: at most 16 × readAhead = 1024 pages between reports.
                let base = meter.done
                while !space.prefetch(maxPages: 16) { meter.advance(to: base + space.control.pointee.prefetchCursor) }
            }
            if let page = space.damagedPage {
                throw .pageDamaged(page: page, block: store.blockOf(page: page), generation: store.generation)
            }
            meter.finish()
        }
        return snapshotter
    }

    /// Pages read ahead on a fault when their blocks are consecutive on the device.
    public var readAhead = 64

    /// PageFaultHandler: fills a page of the booted snapshot, checking its checksum,
    /// and with it the following pages that are not loaded yet and lie in consecutive
    /// blocks (one device read instead of many).
    public func loadPage(_ page: Int, into space: Space) -> Bool {
        var run = store.contiguousRun(from: page, limit: readAhead)
        var next = page + 1
        while next < page + run, !space.resident.test(next) { next += 1 }
        run = next - page
        do {
            if run <= 1 {
                try store.readPage(page, into: space.pagePointer(page))
                return true
            }
            let damaged = try store.readPages(page, count: run, into: space.pagePointer(page))
            for extra in (page + 1)..<(page + run) { space.markLoaded(extra, damaged: damaged.contains(extra)) }
            return !damaged.contains(page)
        } catch {
            return false
        }
    }

    // MARK: - Cut and capture (VM thread)

    /// Starts a snapshot (S1, S2). Returns false if one is in flight or pages of a
    /// recovered image are still loading (S7, S8); throws if a loaded page was damaged.
    public func cut() throws(StoreError) -> Bool {
        if let page = space.damagedPage {
            throw .pageDamaged(page: page, block: store.blockOf(page: page), generation: store.generation)
        }
        guard phase == .idle, space.allResident else { return false }
        space.beginCut()
        cursor = 0
        cutPageCount = space.pageCount
        captured.removeAll(keepingCapacity: true)
        copiedOnWrite = 0
        store.begin(pageCount: cutPageCount)
        phase = .capturing
        return true
    }

    /// PageFaultHandler: the barrier is about to store into a pending page (S3).
    public func capturePage(_ page: Int, of space: Space) {
        if cowBatches.last.map({ $0.isFull }) ?? true { cowBatches.append(takeBatch()) }
        cowBatches[cowBatches.count - 1].append(page: page, from: space.pagePointer(page))
        captured.append(page)
        copiedOnWrite += 1
    }

    /// Copies the next pending pages into a batch for the store (S4). Returns nil once
    /// every page of the cut has been handed out; the capture is then over.
    public func captureBatch() -> PageBatch? {
        guard phase == .capturing else { return nil }
        if !cowBatches.isEmpty { return cowBatches.removeFirst() }
        var batch = takeBatch()
        let pending = space.pending
        while !batch.isFull, let page = pending.next(from: cursor, below: cutPageCount) {
            batch.append(page: page, from: space.pagePointer(page))
            pending.clear(page)
            captured.append(page)
            cursor = page + 1
        }
        if batch.count > 0 { return batch }
        recycle(batch)
        space.endCapture()
        phase = .captured
        return nil
    }

    /// Gives a written batch back for reuse.
    public func recycle(_ batch: PageBatch) {
        var batch = batch
        batch.removeAll()
        pool.append(batch)
    }

    private func takeBatch() -> PageBatch {
        pool.popLast() ?? PageBatch(capacity: batchPages)
    }

    // MARK: - Commit and failure

    /// Commits the captured snapshot (S5). Call after `captureBatch()` returned nil and
    /// every batch was written with `store.write`. Returns the new generation.
    @discardableResult
    public func commit(time: UInt64) throws(StoreError) -> UInt64 {
        precondition(phase == .captured, "commit before the capture is complete")
        let generation = try store.commit(capacityPages: space.capacityPages, time: time)
        finishCommit()
        return generation
    }

    /// Ends a snapshot whose `store.commit` another thread (the background writer) did.
    public func finishCommit() {
        precondition(phase == .captured && !store.isInFlight)
        phase = .idle
    }

    /// Abandons the snapshot in flight (S6): its pages go back into the dirty set.
    public func abandon() {
        guard phase != .idle else { return }
        store.abort()
        space.abandonCut(captured: captured)
        for batch in cowBatches { recycle(batch) }
        cowBatches.removeAll()
        captured.removeAll(keepingCapacity: true)
        phase = .idle
    }

    /// A whole snapshot on this thread: cut, capture, write, commit. Returns the new
    /// generation, or nil if no snapshot could start (S7, S8). On a device error the
    /// snapshot is abandoned (S6) and the error thrown.
    @discardableResult
    public func snapshot(time: UInt64) throws(StoreError) -> UInt64? {
        guard try cut() else { return nil }
        do {
            while let batch = captureBatch() {
                defer { recycle(batch) }
                try store.write(batch)
            }
            return try commit(time: time)
        } catch {
            abandon()
            throw error
        }
    }
}
